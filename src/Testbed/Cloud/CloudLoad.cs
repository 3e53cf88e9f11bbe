using Splitwise.Testbed.Load;

namespace Splitwise.Testbed.Cloud;

/// <summary>
/// The other tenants' load on the cloud GPU, second by second: the running decode batch, the positions its caches
/// hold, and the share of the second the GPU spent on their prefills. Built by replaying a workload on a
/// <see cref="BatchedGpu"/> (a fluid simulation at 1 s steps: arrivals wait until their cache fits the KV memory, a
/// second's prefills run first, the rest of the second runs decode iterations of the whole batch, as vLLM's scheduler
/// does). The workload is replayed at a time scale found by bisection so that the mean share of KV memory in use is the
/// requested <see cref="Utilisation"/>; the schedule loops after <see cref="Seconds"/>.
/// </summary>
public sealed class CloudLoad
{
    private const double MaxPrefillShare = 0.95;

    private CloudLoad(double[] batch, double[] cached, double[] prefill, double utilisation, double scale, string description)
        => (Batch, Cached, PrefillShare, Utilisation, Scale, Description) = (batch, cached, prefill, utilisation, scale, description);

    public double[] Batch { get; }

    public double[] Cached { get; }

    public double[] PrefillShare { get; }

    /// <summary>Mean share of the KV memory the other tenants hold.</summary>
    public double Utilisation { get; }

    /// <summary>Arrival-rate multiplier applied to the workload to reach <see cref="Utilisation"/>.</summary>
    public double Scale { get; }

    public string Description { get; }

    public int Seconds => Batch.Length;

    /// <summary>No other tenant: the GPU dedicated to this edge (the old world).</summary>
    public static CloudLoad Idle(int seconds = 1) => new(new double[seconds], new double[seconds], new double[seconds], 0, 0, "no other tenants");

    public static CloudLoad AtUtilisation(BatchedGpu gpu, IReadOnlyList<LoadRequest> workload, double utilisation, int seconds, string source)
    {
        if (utilisation <= 0)
            return Idle(seconds);
        if (!(utilisation < 1))
            throw new ArgumentOutOfRangeException(nameof(utilisation), utilisation, "the KV memory share must be in [0, 1)");
        double low = 1e-3, high = 1;
        while (Replay(gpu, workload, high, seconds, "").Utilisation < utilisation && high < 1e4)
            high *= 2;
        for (var i = 0; i < 30; i++)
        {
            var mid = Math.Sqrt(low * high);
            if (Replay(gpu, workload, mid, seconds, "").Utilisation < utilisation)
                low = mid;
            else
                high = mid;
        }

        var load = Replay(gpu, workload, high, seconds, "");
        return new CloudLoad(load.Batch, load.Cached, load.PrefillShare, load.Utilisation, high,
            $"{source} replayed at {high:G3}x its arrival rate: KV memory {100 * load.Utilisation:F0}% in use on average, mean batch {load.Batch.Average():F1}");
    }

    public static CloudLoad Replay(BatchedGpu gpu, IReadOnlyList<LoadRequest> workload, double scale, int seconds, string description)
    {
        var capacity = (gpu.Gpu.MemoryBytes - gpu.WeightBytes) / (double)gpu.KvBytesPerToken;
        var maxSeq = gpu.Shape.MaxSeqLen;
        var span = Math.Max(1, workload[^1].ArrivalSeconds + 1);
        var arrivals = Arrivals(workload, scale, span, seconds);
        var waiting = new Queue<LoadRequest>();
        var active = new List<(double Context, double Left)>();
        double[] batch = new double[seconds], cached = new double[seconds], prefill = new double[seconds];
        var next = 0;
        double held = 0, used = 0;
        for (var s = 0; s < seconds; s++)
        {
            while (next < arrivals.Count && arrivals[next].ArrivalSeconds < s + 1)
                waiting.Enqueue(arrivals[next++]);
            double prompts = 0;
            while (waiting.Count > 0)
            {
                var r = waiting.Peek();
                var prompt = Math.Min(r.PromptTokens, maxSeq - 1);
                var output = Math.Min(r.OutputTokens, maxSeq - prompt);
                if (held + prompt + output > capacity && active.Count > 0)
                    break;
                waiting.Dequeue();
                active.Add((prompt, output));
                (held, prompts) = (held + prompt + output, prompts + prompt);
            }

            var prefillShare = prompts > 0 ? Math.Min(MaxPrefillShare, gpu.PrefillSeconds(prompts)) : 0;
            var context = active.Sum(a => a.Context);
            var step = gpu.DecodeStepSeconds(active.Count, context);
            var tokens = (1 - prefillShare) / step;
            (batch[s], cached[s], prefill[s]) = (active.Count, context, prefillShare);
            used += held / capacity;
            for (var i = active.Count - 1; i >= 0; i--)
            {
                var (c, left) = active[i];
                if (left <= tokens)
                {
                    active.RemoveAt(i);
                    continue;
                }

                active[i] = (c + tokens, left - tokens);
            }

            // A request holds its prompt plus every position it may still write.
            held = active.Sum(a => a.Context + a.Left);
        }

        return new CloudLoad(batch, cached, prefill, used / seconds, scale, description);
    }

    /// <summary>The workload's arrivals compressed (or stretched) by <paramref name="scale"/> and looped to fill the schedule.</summary>
    private static List<LoadRequest> Arrivals(IReadOnlyList<LoadRequest> workload, double scale, double span, int seconds)
    {
        var loop = span / scale;
        var list = new List<LoadRequest>();
        for (var k = 0; k * loop < seconds; k++)
        {
            foreach (var r in workload)
            {
                var t = r.ArrivalSeconds / scale + k * loop;
                if (t >= seconds)
                    break;
                list.Add(r with { ArrivalSeconds = t });
            }
        }

        return list;
    }
}
