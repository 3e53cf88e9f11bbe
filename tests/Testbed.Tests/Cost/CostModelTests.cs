using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Tests.Cost;

public class CostModelTests
{
    private static readonly CostModel Pi = CostModel.Calibrated(DeviceProfiles.RaspberryPi5, Calibrations.Known);

    [Fact]
    public void PlainRooflineIsTheProfilesFiguresPlusOverhead()
    {
        var work = SubBlockWorkModel.FfnSlice(768, 768, false, true, 256);
        var plain = new CostModel(DeviceProfiles.RaspberryPi5);
        var expected = Math.Max(work.Flops / 60e9, work.Bytes / 10e9);
        Assert.Equal(expected, plain.Seconds(work), 12);
        Assert.Equal(expected + 1e-3, (plain with { PerCallOverheadSeconds = 1e-3 }).Seconds(work), 12);
    }

    [Fact]
    public void HostModelReproducesItsCalibration()
    {
        var c = Calibrations.Known;
        var host = CostModel.Host(c);
        var decode = SubBlockWorkModel.LmHead(768, 50257, true, 1); // 154 MB: out of cache, memory bound
        Assert.Equal(decode.Bytes / c.MemoryBytesPerSecond + c.Overhead(decode), host.Seconds(decode), 9);
        Assert.Equal(c.CallOverheadSeconds + 3 * c.OpOverheadSeconds, c.Overhead(decode)); // norm, transpose, mm
        var small = SubBlockWorkModel.FfnUp(256, 256, false, true, 1); // fits the 4 MiB cache
        Assert.Equal(small.Bytes / c.CacheBytesPerSecond + c.Overhead(small), host.Seconds(small), 9);
    }

    [Fact]
    public void MoreTokensOrLongerContextNeverTakeLess()
    {
        double previous = 0;
        foreach (var tokens in new[] { 1, 2, 8, 64, 256, 1024 })
        {
            var t = Pi.Seconds(SubBlockWorkModel.FfnSlice(768, 768, false, true, tokens));
            Assert.True(t >= previous, $"{tokens} tokens: {t} < {previous}");
            previous = t;
        }

        previous = 0;
        foreach (var cached in new[] { 0, 16, 128, 1023 })
        {
            var t = Pi.Seconds(SubBlockWorkModel.AttentionGroup(768, 3, 3, 64, true, cached, 1));
            Assert.True(t >= previous);
            previous = t;
        }
    }

    [Fact]
    public void DecodeIsMemoryBoundAndPrefillComputeBoundOnAProfile()
    {
        var c = Calibrations.Known;
        var rpi = DeviceProfiles.RaspberryPi5;
        var flops = rpi.FlopsPerSecond(4) * c.MatmulEfficiency;
        var bandwidth = rpi.BytesPerSecond * c.MemoryEfficiency;

        var decode = SubBlockWorkModel.FfnSlice(768, 768, false, true, 1);
        Assert.Equal(decode.Bytes / bandwidth + c.Overhead(decode), Pi.Seconds(decode), 9);
        var prefill = SubBlockWorkModel.FfnSlice(768, 768, false, true, 512);
        Assert.Equal(prefill.Flops / flops + c.Overhead(prefill), Pi.Seconds(prefill), 9);
    }

    [Fact]
    public void OverheadDominatesATinyCall()
    {
        var tiny = SubBlockWorkModel.LayerGlue(8, true, true, 1);
        var overhead = Calibrations.Known.Overhead(tiny);
        Assert.InRange(Pi.Seconds(tiny) / overhead, 1, 1.05);
    }

    [Fact]
    public void FasterDeviceTakesLessAndFp16HalvesTheBytes()
    {
        var work = SubBlockWorkModel.LmHead(768, 50257, true, 1);
        var orin = CostModel.Calibrated(DeviceProfiles.JetsonOrinNx16, Calibrations.Known);
        Assert.True(orin.Seconds(work) < Pi.Seconds(work));
        var half = CostModel.Calibrated(DeviceProfiles.JetsonOrinNx16, Calibrations.Known, bytesPerElement: 2);
        Assert.True(half.Seconds(work) < orin.Seconds(work));
    }

    [Fact]
    public void BadInputIsTyped()
    {
        var work = SubBlockWorkModel.FfnUp(8, 8, false, true, 1);
        Assert.Throws<CostModelException>(() => new CostModel(DeviceProfiles.RaspberryPi5, Efficiency: 0).Seconds(work));
        Assert.Throws<CostModelException>(() => new CostModel(DeviceProfiles.RaspberryPi5, PerCallOverheadSeconds: -1).Seconds(work));
        Assert.Throws<CostModelException>(() => Pi.Seconds(work with { Flops = -5 }));
        Assert.Throws<CostModelException>(() => CostModel.Calibrated(DeviceProfiles.RaspberryPi5, Calibrations.Known with { MatmulFlopsPerSecond = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CostModel(DeviceProfiles.RaspberryPi5, BytesPerElement: 3).Seconds(work));
    }
}
