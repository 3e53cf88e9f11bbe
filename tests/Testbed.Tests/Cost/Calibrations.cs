using Splitwise.Testbed.Cost;

namespace Splitwise.Testbed.Tests.Cost;

/// <summary>A calibration with round, known figures, and samples generated from it.</summary>
internal static class Calibrations
{
    public static KernelCalibration Known { get; } = new(
        HostGemmFlopsPerSecond: 200e9, HostStreamBytesPerSecond: 40e9,
        MatmulFlopsPerSecond: 100e9, AttentionFlopsPerSecond: 20e9,
        MemoryBytesPerSecond: 20e9, CacheBytesPerSecond: 80e9, CacheBytes: 4L << 20, ElementwiseBytesPerSecond: 8e9,
        CallOverheadSeconds: 4e-6, OpOverheadSeconds: 2.5e-6);

    /// <summary>Every kind at prefill and decode for three shapes (one whose weights fit the cache, two whose do not), and a weight-stream sweep.</summary>
    public static IReadOnlyList<SubBlockWork> Works()
    {
        var works = new List<SubBlockWork>();
        foreach (var (d, heads, dff, vocab) in new[] { (256, 8, 1024, 256), (768, 12, 3072, 50257), (1024, 16, 4096, 50257) })
        {
            var hd = d / heads;
            foreach (var (cached, tokens) in new[] { (0, 64), (0, 256), (63, 1), (511, 1) })
            {
                works.Add(SubBlockWorkModel.AttentionGroup(d, heads / 4, heads / 4, hd, true, cached, tokens));
                works.Add(SubBlockWorkModel.AttentionGroup(d, 1, 1, hd, true, cached, tokens));
                works.Add(SubBlockWorkModel.FfnSlice(d, dff / 4, false, true, tokens));
                works.Add(SubBlockWorkModel.FfnUp(d, dff / 4, false, true, tokens));
                works.Add(SubBlockWorkModel.FfnDown(d, dff / 4, tokens));
                works.Add(SubBlockWorkModel.Embedding(d, true, cached, tokens));
                works.Add(SubBlockWorkModel.LayerGlue(d, true, true, tokens));
                works.Add(SubBlockWorkModel.LmHead(d, vocab, true, tokens));
            }
        }

        for (var columns = 64; columns <= 32_768; columns *= 2)
            works.Add(SubBlockWorkModel.WeightStream(1024, columns));

        return works;
    }

    /// <summary>Times from <paramref name="calibration"/> on this host, each off by a deterministic +-<paramref name="noise"/>.</summary>
    public static IReadOnlyList<KernelSample> Samples(KernelCalibration calibration, double noise = 0)
    {
        var host = CostModel.Host(calibration);
        return Works().Select((w, i) => new KernelSample("synthetic", w, host.Seconds(w) * (1 + noise * Math.Sin(i * 1.7)))).ToArray();
    }
}
