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

    /// <summary>Cache sizes tried: none, then 256 KiB to 64 MiB by doubling.</summary>
    public static IReadOnlyList<long> CacheCandidates { get; } = [0, .. Enumerable.Range(18, 9).Select(p => 1L << p)];

    /// <param name="samples">at least 6, every time positive.</param>
    /// <param name="hostGemmFlopsPerSecond">a large GEMM on this machine (for the efficiencies).</param>
    /// <param name="hostStreamBytesPerSecond">a large copy on this machine (for the efficiencies).</param>
    public static KernelCalibration Fit(IReadOnlyList<KernelSample> samples, double hostGemmFlopsPerSecond, double hostStreamBytesPerSecond, string source = "")
    {
        if (samples.Count < 6)
            throw new CostModelException($"fitting a calibration needs at least 6 measured calls, got {samples.Count}");
        if (samples.FirstOrDefault(s => !(s.Seconds > 0) || !double.IsFinite(s.Seconds)) is { } bad)
            throw new CostModelException($"measured time must be positive and finite: {bad.Label} {bad.Work.Kind} took {bad.Seconds} s");
        var kinds = samples.Select(s => s.Work.Kind).Distinct().Order(StringComparer.Ordinal).ToArray();
        var best = CacheCandidates.Select(cache => Descend(samples, kinds, cache)).MinBy(f => f.Loss)!;
        var p = best.Parameters;
        return new KernelCalibration(hostGemmFlopsPerSecond, hostStreamBytesPerSecond, p[0], p[1], p[2], p[3], best.Cache, p[4],
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
        // Matmul, attention core, memory, cache, elementwise: rates start at 10 G/s, overheads at half the fastest call.
        double[] p = [1e10, 1e10, 1e10, 1e10, 1e10];
        var overheads = kinds.Select(k => samples.Where(s => s.Work.Kind == k).Min(s => s.Seconds) / 2).ToArray();
        var byKind = kinds.Select(k => samples.Where(s => s.Work.Kind == k).ToArray()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < p.Length; i++)
            {
                if (i == 3 && cache == 0)
                    continue;
                var index = i;
                p[i] = LogSearch.Minimise(v => Loss(With(p, index, v), overheads, samples, kinds, cache), MinRate, MaxRate);
            }

            for (var k = 0; k < kinds.Length; k++)
            {
                var mine = byKind[k];
                var fastest = mine.Min(s => s.Seconds);
                double KindLoss(double c) => mine.Sum(s => Square(Math.Log((c + Roofline(p, s.Work, cache)) / s.Seconds)));
                var searched = LogSearch.Minimise(KindLoss, fastest * 1e-4, fastest * 1.5);
                overheads[k] = KindLoss(0) <= KindLoss(searched) ? 0 : searched;
            }
        }

        var loss = Loss(p, overheads, samples, kinds, cache);
        if (cache == 0)
            p[3] = p[2];
        return (p, overheads, cache, loss);

        static double[] With(double[] p, int i, double v)
        {
            var copy = (double[])p.Clone();
            copy[i] = v;
            return copy;
        }
    }

    private static double Loss(double[] p, double[] overheads, IReadOnlyList<KernelSample> samples, string[] kinds, long cache) =>
        samples.Sum(s => Square(Math.Log((overheads[Array.IndexOf(kinds, s.Work.Kind)] + Roofline(p, s.Work, cache)) / s.Seconds)));

    private static double Roofline(double[] p, SubBlockWork w, long cache)
    {
        var core = CostModel.AttentionCoreFlops(w);
        var compute = (w.Flops - core) / p[0] + core / p[1];
        var bandwidth = KernelCalibration.ElementwiseKinds.Contains(w.Kind) ? p[4] : w.Bytes <= cache ? p[3] : p[2];
        return Math.Max(compute, w.Bytes / bandwidth);
    }

    private static double Square(double x) => x * x;
}
