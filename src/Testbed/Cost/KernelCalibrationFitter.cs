namespace Splitwise.Testbed.Cost;

/// <summary>
/// Fits a <see cref="KernelCalibration"/> to measured calls by least squares on the log of predicted / measured time
/// (every call counts by its relative error, so 10 us decode calls weigh as much as 100 ms prefill ones). The max() of
/// the roofline makes the objective non-smooth, so the fit is coordinate descent with a scan-then-golden search per
/// parameter, repeated for each candidate cache size; deterministic, no random restarts.
/// </summary>
public static class KernelCalibrationFitter
{
    private const int Rounds = 25;
    private const double MinRate = 1e6;
    private const double MaxRate = 1e14;

    /// <summary>
    /// An overhead is the cost of a call doing no work: a few dozen torch ops at a few microseconds each. Capping it keeps
    /// a kind measured only on big calls (gpt2-small's LM head) from explaining them by overhead instead of bandwidth.
    /// </summary>
    public const double MaxOverheadSeconds = 250e-6;

    /// <summary>Cache sizes tried: none, then 256 KiB to 64 MiB by doubling.</summary>
    public static IReadOnlyList<long> CacheCandidates { get; } = [0, .. Enumerable.Range(18, 9).Select(p => 1L << p)];

    /// <summary>
    /// Fits the rates and overheads. The host's reference figures (what a device profile would list for this machine) are
    /// taken to be the fitted matmul and memory rates themselves: the largest sub-block calls are plain torch GEMMs and
    /// GEMVs, i.e. exactly a tuned GEMM and a weight stream, like the profiles' effective figures. So matmul and memory
    /// efficiency are 1 by this assumption, and what carries over to a device is the rest: the attention-core and
    /// elementwise rates relative to them, and the per-call overheads.
    /// </summary>
    /// <param name="samples">at least 6, every time positive.</param>
    public static KernelCalibration Fit(IReadOnlyList<KernelSample> samples, string source = "")
    {
        if (samples.Count < 6)
            throw new CostModelException($"fitting a calibration needs at least 6 measured calls, got {samples.Count}");
        if (samples.FirstOrDefault(s => !(s.Seconds > 0) || !double.IsFinite(s.Seconds)) is { } bad)
            throw new CostModelException($"measured time must be positive and finite: {bad.Label} {bad.Work.Kind} took {bad.Seconds} s");
        var kinds = samples.Select(s => s.Work.Kind).Distinct().Order(StringComparer.Ordinal).ToArray();
        var best = CacheCandidates.Select(cache => Descend(samples, kinds, cache)).MinBy(f => f.Loss)!;
        var p = best.Parameters;
        return new KernelCalibration(p[0], p[2], p[0], p[1], p[2], p[3], best.Cache, p[4],
            kinds.Select((k, i) => (k, best.Overheads[i])).ToDictionary(x => x.k, x => x.Item2), source).Validated();
    }

    /// <summary>Root mean square of ln(predicted / measured) of a calibration on samples.</summary>
    public static double RmsLogError(KernelCalibration calibration, IReadOnlyList<KernelSample> samples)
    {
        var host = CostModel.Host(calibration);
        return Math.Sqrt(samples.Average(s => Math.Pow(Math.Log(host.Seconds(s.Work) / s.Seconds), 2)));
    }

    private static (double[] Parameters, double[] Overheads, long Cache, double Loss) Descend(IReadOnlyList<KernelSample> samples, string[] kinds, long cache)
    {
        var data = new Data(samples, kinds);

        // Matmul, attention core, memory, cache, elementwise: rates start at 10 G/s, every overhead at half the fastest call
        // of all. Starting overheads small lets the rates explain the big calls first; a kind measured only on big calls
        // (gpt2-small's LM head) would otherwise keep a large overhead that trades off against the bandwidth.
        double[] p = [1e10, 1e10, 1e10, 1e10, 1e10];
        var smallest = kinds.Select((_, k) => data.Fastest(k)).Min() / 2;
        var overheads = kinds.Select(_ => smallest).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < p.Length; i++)
            {
                if (i == 3 && cache == 0)
                    continue;
                var index = i;
                var trial = (double[])p.Clone();
                p[i] = LogSearch.Minimise(v =>
                {
                    trial[index] = v;
                    return data.Loss(trial, overheads, cache, kind: -1);
                }, MinRate, MaxRate);
            }

            for (var k = 0; k < kinds.Length; k++)
            {
                var kind = k;
                var trial = (double[])overheads.Clone();
                double KindLoss(double c)
                {
                    trial[kind] = c;
                    return data.Loss(p, trial, cache, kind);
                }

                var fastest = data.Fastest(k);
                var searched = LogSearch.Minimise(KindLoss, 1e-8, Math.Min(fastest * 1.5, MaxOverheadSeconds));
                overheads[k] = KindLoss(0) <= KindLoss(searched) ? 0 : searched;
            }
        }

        var loss = data.Loss(p, overheads, cache, kind: -1);
        if (cache == 0)
            p[3] = p[2];
        return (p, overheads, cache, loss);
    }

    /// <summary>The samples as flat arrays, so that the many loss evaluations of a fit allocate nothing.</summary>
    private sealed class Data(IReadOnlyList<KernelSample> samples, string[] kinds)
    {
        private readonly int[] _kind = samples.Select(s => Array.IndexOf(kinds, s.Work.Kind)).ToArray();
        private readonly double[] _matmul = samples.Select(s => (double)(s.Work.Flops - CostModel.AttentionCoreFlops(s.Work))).ToArray();
        private readonly double[] _core = samples.Select(s => (double)CostModel.AttentionCoreFlops(s.Work)).ToArray();
        private readonly double[] _bytes = samples.Select(s => (double)s.Work.Bytes).ToArray();
        private readonly bool[] _elementwise = samples.Select(s => KernelCalibration.ElementwiseKinds.Contains(s.Work.Kind)).ToArray();
        private readonly double[] _logSeconds = samples.Select(s => Math.Log(s.Seconds)).ToArray();
        private readonly double[] _seconds = samples.Select(s => s.Seconds).ToArray();

        public double Fastest(int kind) => _seconds.Where((_, i) => _kind[i] == kind).Min();

        /// <summary>Sum of squared log errors, over every sample or only those of one kind (kind >= 0).</summary>
        public double Loss(double[] p, double[] overheads, long cache, int kind)
        {
            double sum = 0;
            for (var i = 0; i < _bytes.Length; i++)
            {
                if (kind >= 0 && _kind[i] != kind)
                    continue;
                var compute = _matmul[i] / p[0] + _core[i] / p[1];
                var bandwidth = _elementwise[i] ? p[4] : _bytes[i] <= cache ? p[3] : p[2];
                var error = Math.Log(overheads[_kind[i]] + Math.Max(compute, _bytes[i] / bandwidth)) - _logSeconds[i];
                sum += error * error;
            }

            return sum;
        }
    }
}
