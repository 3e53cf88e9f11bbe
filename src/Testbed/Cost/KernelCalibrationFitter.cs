namespace Splitwise.Testbed.Cost;

/// <summary>
/// Fits a <see cref="KernelCalibration"/> to measured calls by least squares on the log of predicted / measured time
/// (every call counts by its relative error, so 10 us decode calls weigh as much as 100 ms prefill ones). The max() of
/// the roofline makes the objective non-smooth, so the fit is coordinate descent with a scan-then-golden search per
/// parameter, repeated for each candidate cache size; deterministic, no random restarts. Seven figures in all (five
/// rates, a call and a per-op overhead) plus the cache size: few enough that a fit on one model shape predicts another.
/// </summary>
public static class KernelCalibrationFitter
{
    private const int Rounds = 25;
    private const double MinRate = 1e6;
    private const double MaxRate = 1e14;

    /// <summary>Largest overhead tried, per call and per op: a few dozen microseconds is already a slow dispatch.</summary>
    public const double MaxOverheadSeconds = 250e-6;

    /// <summary>Cache sizes tried: none, then 256 KiB to 64 MiB by doubling.</summary>
    public static IReadOnlyList<long> CacheCandidates { get; } = [0, .. Enumerable.Range(18, 9).Select(p => 1L << p)];

    /// <summary>
    /// Fits the rates and the two overheads. The host's reference figures (what a device profile would list for this
    /// machine) are taken to be the fitted matmul and memory rates themselves: the largest calls are plain torch GEMMs and
    /// GEMVs, i.e. exactly a tuned GEMM and a weight stream, like the profiles' effective figures. So matmul and memory
    /// efficiency are 1 by this assumption, and what carries over to a device is the rest: the attention-core and
    /// elementwise rates relative to them, and the overheads.
    /// </summary>
    /// <param name="samples">at least 6, every time positive.</param>
    public static KernelCalibration Fit(IReadOnlyList<KernelSample> samples, string source = "")
    {
        if (samples.Count < 6)
            throw new CostModelException($"fitting a calibration needs at least 6 measured calls, got {samples.Count}");
        if (samples.FirstOrDefault(s => !(s.Seconds > 0) || !double.IsFinite(s.Seconds)) is { } bad)
            throw new CostModelException($"measured time must be positive and finite: {bad.Label} {bad.Work.Kind} took {bad.Seconds} s");
        var best = CacheCandidates.Select(cache => Descend(samples, cache)).MinBy(f => f.Loss)!;
        var p = best.Parameters;
        return new KernelCalibration(p[0], p[2], p[0], p[1], p[2], p[3], best.Cache, p[4], p[5], p[6], source).Validated();
    }

    /// <summary>Root mean square of ln(predicted / measured) of a calibration on samples.</summary>
    public static double RmsLogError(KernelCalibration calibration, IReadOnlyList<KernelSample> samples)
    {
        var host = CostModel.Host(calibration);
        return Math.Sqrt(samples.Average(s => Math.Pow(Math.Log(host.Seconds(s.Work) / s.Seconds), 2)));
    }

    private static (double[] Parameters, long Cache, double Loss) Descend(IReadOnlyList<KernelSample> samples, long cache)
    {
        var data = new Data(samples);

        // Matmul, attention core, memory, cache, elementwise rates start at 10 G/s; the call and per-op overheads at 1 us.
        double[] p = [1e10, 1e10, 1e10, 1e10, 1e10, 1e-6, 1e-6];
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < p.Length; i++)
            {
                if (i == 3 && cache == 0)
                    continue;
                var index = i;
                var trial = (double[])p.Clone();
                double Loss(double v)
                {
                    trial[index] = v;
                    return data.Loss(trial, cache);
                }

                if (i < 5)
                {
                    p[i] = LogSearch.Minimise(Loss, MinRate, MaxRate);
                }
                else
                {
                    var searched = LogSearch.Minimise(Loss, 1e-9, MaxOverheadSeconds);
                    p[i] = Loss(0) <= Loss(searched) ? 0 : searched;
                }
            }
        }

        var loss = data.Loss(p, cache);
        if (cache == 0)
            p[3] = p[2];
        return (p, cache, loss);
    }

    /// <summary>The samples as flat arrays, so that the many loss evaluations of a fit allocate nothing.</summary>
    private sealed class Data(IReadOnlyList<KernelSample> samples)
    {
        private readonly int[] _ops = samples.Select(s => KernelCalibration.TorchOps(s.Work)).ToArray();
        private readonly double[] _matmul = samples.Select(s => (double)(s.Work.Flops - CostModel.AttentionCoreFlops(s.Work))).ToArray();
        private readonly double[] _core = samples.Select(s => (double)CostModel.AttentionCoreFlops(s.Work)).ToArray();
        private readonly double[] _bytes = samples.Select(s => (double)s.Work.Bytes).ToArray();
        private readonly bool[] _elementwise = samples.Select(s => KernelCalibration.ElementwiseKinds.Contains(s.Work.Kind)).ToArray();
        private readonly double[] _logSeconds = samples.Select(s => Math.Log(s.Seconds)).ToArray();

        /// <summary>Sum of squared log errors over every sample (the model of <see cref="CostModel.Seconds"/> on the host).</summary>
        public double Loss(double[] p, long cache)
        {
            double sum = 0;
            for (var i = 0; i < _bytes.Length; i++)
            {
                var compute = _matmul[i] / p[0] + _core[i] / p[1];
                var memory = _bytes[i] / (_elementwise[i] ? p[4] : _bytes[i] <= cache ? p[3] : p[2]);
                var error = Math.Log(p[5] + _ops[i] * p[6] + Math.Max(compute, memory)) - _logSeconds[i];
                sum += error * error;
            }

            return sum;
        }
    }
}
