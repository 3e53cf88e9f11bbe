using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Cli.Bench;

public sealed record ClusterChaosOptions(
    string ModelPath, int Generations, int Tokens, double FailureRate, double OutageMs, double PeriodS, int KillEvery,
    int OverheadGenerations, int Port, string EdgeDll, string CloudDll);

/// <summary>One generation as the client saw it: its tokens by index, how long each line took, and what it rode out.</summary>
public sealed record ChaosGeneration(List<int> Tokens, List<double> StepMs, List<string?> Recovery, int Resumes, string? Error, double? FaultRecoveryMs);

/// <summary>
/// `bench chaos --processes`: generations through the edge host's `/generate` on the fabric as OS processes
/// (<see cref="ChaosCluster"/>), under a looping trace with outages, injected crossing failures, and every
/// <see cref="ClusterChaosOptions.KillEvery"/>th generation a SIGKILL after its third token, of the cloud silo and of
/// the edge host in turn (each restarted at once; after an edge kill the client resumes the stream by session id and
/// last index, as it would after any cut). Before the faults, the same cluster's fault-free decode speed with
/// checkpoints off and at the default cadence.
/// </summary>
public static class ClusterChaos
{
    private const string Model = "bench";
    private const int MaxResumes = 12;

    public static async Task<object> Run(ClusterChaosOptions o, string[] prompts, Action<string> print)
    {
        var reference = Reference(o.ModelPath, prompts, o.Tokens);
        var layers = ModelLayers(o.ModelPath);
        var work = Path.Combine(Path.GetTempPath(), "splitwise-chaos-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            string[] model = ["--Fabric:Models:" + Model, Path.GetFullPath(o.ModelPath), "--Fabric:Checkpoint:Store", "durable", "--Fabric:Link:RttMs", "10"];
            double? offTps = null, onTps = null;
            if (o.OverheadGenerations > 0)
            {
                offTps = await FaultFree(o, [.. model, "--Fabric:Link:Mbps", "100", "--Fabric:Checkpoint:EveryTokens", "0"], layers, prompts);
                onTps = await FaultFree(o, [.. model, "--Fabric:Link:Mbps", "100", "--Fabric:Checkpoint:EveryTokens", "8"], layers, prompts);
                print($"fault-free decode: checkpoints off {offTps:F1} tok/s, every 8 tokens {onTps:F1} tok/s: overhead {1 - onTps / offTps:P1} (target <= 10%)");
            }

            var trace = Path.Combine(work, "outages.csv");
            File.WriteAllLines(trace, OutageTrace(o.PeriodS, o.OutageMs));
            await using var cluster = await ChaosCluster.Start(o.EdgeDll, o.CloudDll, o.Port, [.. model, "--Fabric:Link:Trace", trace,
                "--Fabric:Link:FailureRate", o.FailureRate.ToString(CultureInfo.InvariantCulture), "--Fabric:Checkpoint:EveryTokens", "8"]);
            await SetPlan(cluster, layers);

            int lost = 0, identical = 0, cloudKills = 0, edgeKills = 0, resumed = 0;
            var errors = new Dictionary<string, int>();
            List<double> recoveryMs = [], normalMs = [], cloudRecoverMs = [], edgeRecoverMs = [];
            var clock = Stopwatch.StartNew();
            for (var g = 0; g < o.Generations; g++)
            {
                var prompt = prompts[g % prompts.Length];
                var fault = (g + 1) % o.KillEvery != 0 ? Fault.None : (g + 1) / o.KillEvery % 2 == 1 ? Fault.KillCloud : Fault.KillEdge;
                var run = await Generate(cluster, prompt, o.Tokens, fault);
                cloudKills += fault == Fault.KillCloud ? 1 : 0;
                edgeKills += fault == Fault.KillEdge ? 1 : 0;
                resumed += run.Resumes > 0 ? 1 : 0;
                if (run.FaultRecoveryMs is { } ms)
                    (fault == Fault.KillCloud ? cloudRecoverMs : edgeRecoverMs).Add(ms);
                if (run.Error is { } error)
                {
                    lost++;
                    errors[error] = errors.GetValueOrDefault(error) + 1;
                    print($"generation {g}: lost ({error})");
                    continue;
                }

                if (run.Tokens.SequenceEqual(reference[prompt]))
                    identical++;
                for (var i = 1; i < run.StepMs.Count; i++)
                    (IsRecovery(run.Recovery[i]) ? recoveryMs : normalMs).Add(run.StepMs[i]);
                if ((g + 1) % 100 == 0)
                    print($"{g + 1} generations, {clock.Elapsed.TotalSeconds:F0} s: lost {lost}, identical {identical}");
            }

            var done = o.Generations - lost;
            print($"{o.Generations} generations of {o.Tokens} tokens in {clock.Elapsed.TotalSeconds:F1} s: lost {lost} (target 0), identical tokens {identical}/{done} = {(double)identical / Math.Max(1, done):P1} (target 100%), {resumed} resumed by the client");
            print($"cloud silo killed {cloudKills} times: the step that rode it out ({cloudRecoverMs.Count} seen) came {Describe(cloudRecoverMs)} after the kill; edge host killed {edgeKills} times: the first token of the resumed stream {Describe(edgeRecoverMs)} after (host restart included)");
            print($"recovery steps (retry, replay, safe plan in or out): {recoveryMs.Count}, {Describe(recoveryMs)}; other steps {Describe(normalMs)}");
            foreach (var (error, count) in errors)
                print($"lost: {count} x {error}");
            return new
            {
                generations = o.Generations, tokens = o.Tokens, failureRate = o.FailureRate, outageMs = o.OutageMs, periodS = o.PeriodS, killEvery = o.KillEvery,
                seconds = clock.Elapsed.TotalSeconds, lost, identical, identicalShare = (double)identical / Math.Max(1, done), resumedByClient = resumed,
                cloudKills, cloudRecoverP50Ms = P(cloudRecoverMs, 0.5), cloudRecoverP95Ms = P(cloudRecoverMs, 0.95),
                edgeKills, edgeRecoverP50Ms = P(edgeRecoverMs, 0.5), edgeRecoverP95Ms = P(edgeRecoverMs, 0.95),
                recoverySteps = recoveryMs.Count, recoveryP50Ms = P(recoveryMs, 0.5), recoveryP95Ms = P(recoveryMs, 0.95),
                otherStepP50Ms = P(normalMs, 0.5), otherStepP95Ms = P(normalMs, 0.95),
                faultFreeTokensPerSecondCheckpointsOff = offTps, faultFreeTokensPerSecondEvery8 = onTps,
                checkpointOverhead = offTps is { } off && onTps is { } on ? 1 - on / off : (double?)null, errors,
            };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private enum Fault
    {
        None,
        KillCloud,
        KillEdge,
    }

    // Decode tokens per second (first token excluded) over fault-free generations on a cluster of its own.
    private static async Task<double> FaultFree(ClusterChaosOptions o, string[] args, int layers, string[] prompts)
    {
        await using var cluster = await ChaosCluster.Start(o.EdgeDll, o.CloudDll, o.Port, args);
        await SetPlan(cluster, layers);
        await Generate(cluster, prompts[0], o.Tokens, Fault.None); // warm-up
        double ms = 0;
        var tokens = 0;
        for (var g = 0; g < o.OverheadGenerations; g++)
        {
            var run = await Generate(cluster, prompts[g % prompts.Length], o.Tokens, Fault.None);
            if (run.Error is { } error)
                throw new InvalidOperationException($"a fault-free generation failed: {error}");
            ms += run.StepMs.Skip(1).Sum();
            tokens += run.StepMs.Count - 1;
        }

        return tokens / (ms / 1000);
    }

    private static async Task SetPlan(ChaosCluster cluster, int layers) =>
        await cluster.Until(async () => (await cluster.Http.PostAsync($"/plan/{Model}/edge-layers/{layers / 2}", null)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(120), "the plan (both hosts joined)");

    // The client: reads the stream; on a cut or an error line it resumes the session after the last index received.
    private static async Task<ChaosGeneration> Generate(ChaosCluster cluster, string prompt, int tokens, Fault fault)
    {
        var session = Guid.NewGuid();
        var run = new ChaosGeneration([], [], [], 0, null, null);
        var clock = Stopwatch.StartNew();
        Stopwatch? sinceFault = null;
        var killedIn = int.MaxValue;
        double? recovered = null;
        string? lastError = null;
        for (var attempt = 0; attempt <= MaxResumes; attempt++)
        {
            var url = run.Tokens.Count == 0 && attempt == 0
                ? $"/generate/{Model}?prompt={Uri.EscapeDataString(prompt)}&tokens={tokens}&session={session:N}"
                : $"/generate/{Model}/{session:N}?after={run.Tokens.Count - 1}";
            try
            {
                using var response = await cluster.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == HttpStatusCode.NotFound && run.Tokens.Count == 0)
                {
                    // The start never reached a session (the edge died first): start it again.
                    attempt = -1;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    lastError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    await Task.Delay(TimeSpan.FromSeconds(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1));
                    continue;
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                while (await reader.ReadLineAsync() is { } line)
                {
                    var step = JsonDocument.Parse(line).RootElement;
                    if (step.TryGetProperty("error", out var error))
                    {
                        lastError = error.GetProperty("type").GetString();
                        break;
                    }

                    run.Tokens.Add(step.GetProperty("token").GetInt32());
                    run.StepMs.Add(clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    run.Recovery.Add(step.TryGetProperty("recovery", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
                    // Lines already on their way when the host died say nothing: the edge's recovery is the first line of
                    // a resumed stream, the cloud's the first step that reports riding out the loss (retry, replay, safe plan).
                    if (sinceFault is not null && recovered is null && (fault == Fault.KillEdge ? attempt > killedIn : IsRecovery(run.Recovery[^1])))
                        recovered = sinceFault.Elapsed.TotalMilliseconds;
                    if (step.GetProperty("last").GetBoolean())
                        return run with { Resumes = attempt, FaultRecoveryMs = recovered };
                    if (run.Tokens.Count == 3 && fault != Fault.None && sinceFault is null)
                    {
                        sinceFault = Stopwatch.StartNew();
                        killedIn = attempt;
                        if (fault == Fault.KillCloud)
                            cluster.KillCloud();
                        else
                            cluster.KillEdge();
                    }
                }

                lastError ??= "the stream was cut";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
            {
                lastError = e.GetType().Name;
            }

            await cluster.WaitForEdge();
        }

        return run with { Resumes = MaxResumes, Error = lastError, FaultRecoveryMs = recovered };
    }

    // Steps that only continue on the safe plan or re-send stored tokens are not recoveries; the rest are.
    private static bool IsRecovery(string? note) =>
        note is not null && note != "safe plan: all on the edge" && !note.StartsWith("re-sent", StringComparison.Ordinal);

    // seconds,mbps,rtt_ms every 50 ms over one period: up at 100 Mbit/s, down for the last outageMs.
    private static IEnumerable<string> OutageTrace(double periodS, double outageMs)
    {
        var steps = (int)Math.Round(periodS * 20);
        var downFrom = steps - (int)Math.Round(outageMs / 50);
        yield return "seconds,mbps,rtt_ms";
        for (var i = 0; i < steps; i++)
            yield return string.Create(CultureInfo.InvariantCulture, $"{i * 0.05:F2},{(i >= downFrom ? 0 : 100)},10");
    }

    private static Dictionary<string, int[]> Reference(string modelPath, string[] prompts, int tokens)
    {
        using var loaded = ModelLoader.Open(modelPath);
        using var reference = loaded.LoadReference();
        return prompts.ToDictionary(p => p, p => TextGenerator.Generate(reference, loaded.Tokenizer.Encode(p), tokens, SamplingOptions.Greedy).ToArray());
    }

    private static int ModelLayers(string modelPath)
    {
        using var loaded = ModelLoader.Open(modelPath);
        return loaded.Shape.NLayer;
    }

    private static double P(List<double> xs, double p) => xs.Count == 0 ? 0 : SampleStats.Percentile([.. xs.Order()], p);

    private static string Describe(List<double> xs) => xs.Count == 0 ? "none" : $"p50 {P(xs, 0.5):F0} ms, p95 {P(xs, 0.95):F0} ms";
}
