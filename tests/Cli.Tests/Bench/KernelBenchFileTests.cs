using System.Text.Json;
using Splitwise.Cli.Bench;
using Splitwise.Testbed.Cost;

namespace Splitwise.Cli.Tests.Bench;

public class KernelBenchFileTests
{
    [Fact]
    public void ReadsTheJsonLineBenchKernelsPrintsBackIntoSamples()
    {
        var work = SubBlockWorkModel.FfnSlice(256, 256, false, true, 1);
        var measured = new KernelMeasurement("bundled", "decode", "default slice (1 of 4)", work, new SampleStats(15, 0.02, 0.019, 0.025, 0.018, 0.03));
        var json = JsonSerializer.Serialize(new { bench = "kernels", kernels = new[] { measured } }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# bench kernels: method", "bundled: shape", json]);
            var back = Assert.Single(KernelBenchFile.Read(path));
            Assert.Equal(work, back.Work);
            Assert.Equal(0.02, back.MsPerCall.Median);
            var sample = Assert.Single(KernelBenchFile.Samples([back]));
            Assert.Equal(2e-5, sample.Seconds, 15);
            Assert.Equal("bundled decode", sample.Label);

            File.WriteAllLines(path, ["# only a method"]);
            Assert.Throws<CliUsageException>(() => KernelBenchFile.Read(path));
            Assert.Throws<CliUsageException>(() => KernelBenchFile.Read(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
