using Splitwise.Testbed.Cost;

namespace Splitwise.Testbed.Tests.Cost;

public class KernelCalibrationFitterTests
{
    [Fact]
    public void RecoversKnownRatesAndOverheadsFromExactTimes()
    {
        var known = Calibrations.Known;
        var fit = KernelCalibrationFitter.Fit(Calibrations.Samples(known));

        Assert.InRange(fit.MatmulFlopsPerSecond / known.MatmulFlopsPerSecond, 0.97, 1.03);
        Assert.InRange(fit.AttentionFlopsPerSecond / known.AttentionFlopsPerSecond, 0.95, 1.05);
        Assert.InRange(fit.MemoryBytesPerSecond / known.MemoryBytesPerSecond, 0.97, 1.03);
        Assert.InRange(fit.ElementwiseBytesPerSecond / known.ElementwiseBytesPerSecond, 0.97, 1.03);
        Assert.InRange(fit.CacheBytesPerSecond / known.CacheBytesPerSecond, 0.95, 1.05);
        Assert.Equal(known.CacheBytes, fit.CacheBytes);
        Assert.InRange(fit.CallOverheadSeconds / known.CallOverheadSeconds, 0.9, 1.1);
        Assert.InRange(fit.OpOverheadSeconds / known.OpOverheadSeconds, 0.9, 1.1);
        Assert.True(KernelCalibrationFitter.RmsLogError(fit, Calibrations.Samples(known)) < 0.01);

        // The host's reference figures are the fitted rates themselves (see Fit): efficiency 1 on matmul and memory.
        Assert.Equal(1, fit.MatmulEfficiency);
        Assert.Equal(1, fit.MemoryEfficiency);
    }

    [Fact]
    public void NoisyTimesStillGiveRatesWithinTheNoise()
    {
        var known = Calibrations.Known;
        var samples = Calibrations.Samples(known, noise: 0.1);
        var fit = KernelCalibrationFitter.Fit(samples);

        Assert.InRange(fit.MatmulFlopsPerSecond / known.MatmulFlopsPerSecond, 0.85, 1.15);
        Assert.InRange(fit.MemoryBytesPerSecond / known.MemoryBytesPerSecond, 0.85, 1.15);
        Assert.True(KernelCalibrationFitter.RmsLogError(fit, samples) < 0.1);
    }

    [Fact]
    public void AKindSeenOnlyOnBigCallsGetsTheSharedPerOpOverhead()
    {
        // Without the small LM heads the per-op figure still comes from the other kinds' small calls.
        var known = Calibrations.Known;
        var bigOnly = Calibrations.Samples(known).Where(s => s.Work.Kind != "lm_head" || s.Work.DModel > 256).ToArray();
        var fit = KernelCalibrationFitter.Fit(bigOnly);
        var smallHead = SubBlockWorkModel.LmHead(256, 256, true, 1);
        Assert.InRange(fit.Overhead(smallHead) / known.Overhead(smallHead), 0.9, 1.1);
    }

    [Fact]
    public void TooFewOrNonPositiveSamplesAreTypedErrors()
    {
        var samples = Calibrations.Samples(Calibrations.Known);
        Assert.Throws<CostModelException>(() => KernelCalibrationFitter.Fit(samples.Take(3).ToArray()));
        var broken = samples.Select((s, i) => i == 5 ? s with { Seconds = 0 } : s).ToArray();
        var e = Assert.Throws<CostModelException>(() => KernelCalibrationFitter.Fit(broken));
        Assert.Contains("positive", e.Message);
    }

    [Fact]
    public void LogSearchFindsTheMinimumOfAValley()
    {
        var x = LogSearch.Minimise(v => Math.Pow(Math.Log(v / 3.7e9), 2), 1e6, 1e14);
        Assert.InRange(x / 3.7e9, 0.999, 1.001);
        Assert.Throws<CostModelException>(() => LogSearch.Minimise(v => v, 5, 1));
    }

    [Fact]
    public void JsonRoundTripKeepsEveryFigureAndRejectsBadFiles()
    {
        var known = Calibrations.Known with { Source = "test" };
        var back = KernelCalibrationJson.Read(KernelCalibrationJson.Write(known));

        Assert.Equal(known.MatmulFlopsPerSecond, back.MatmulFlopsPerSecond);
        Assert.Equal(known.CacheBytes, back.CacheBytes);
        Assert.Equal(known.OpOverheadSeconds, back.OpOverheadSeconds);
        Assert.Equal(known.CallOverheadSeconds, back.CallOverheadSeconds);
        Assert.Equal("test", back.Source);
        Assert.Throws<CostModelException>(() => KernelCalibrationJson.Read("{ not json"));
        Assert.Throws<CostModelException>(() => KernelCalibrationJson.Read(KernelCalibrationJson.Write(known with { MemoryBytesPerSecond = -1 })));
    }
}
