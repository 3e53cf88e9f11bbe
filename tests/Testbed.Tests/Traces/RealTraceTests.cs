using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Tests.Traces;

/// <summary>Needs ../shared/data/net (the 5G/LTE dataset of Raca et al.); skips when it is absent.</summary>
public class RealTraceTests
{
    [SkippableFact]
    public void Every_file_under_shared_data_net_loads()
    {
        var net = SharedData.RequireNetFolder();
        var files = Directory.EnumerateFiles(net, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var link = TraceFiles.Load(file);
            Assert.True(link.Samples.Count > 100, $"{file}: only {link.Samples.Count} samples");
            Assert.True(link.Duration > TimeSpan.FromMinutes(5), $"{file}: {link.Duration}");
            Assert.All(link.Samples, s => Assert.True(s.CapacityMbps >= 0 && s.RttMs > 0 && double.IsFinite(s.CapacityMbps)));
            // Every download session of this dataset has at least one zero-throughput second (README: an outage).
            Assert.Contains(link.Samples, s => !s.Up);
        }
    }

    [SkippableFact]
    public void Real_figures_are_in_the_range_the_dataset_reports()
    {
        var links = TraceFiles.LoadAll(SharedData.RequireNetFolder());
        var all = links.SelectMany(l => l.MeasuredCapacity()).ToArray();
        // Hand-checked with awk over State=D rows: mean DL_bitrate about 44 Mbit/s, median about 14 Mbit/s.
        Assert.InRange(all.Average(), 30, 60);
        Assert.InRange(all.Order().ElementAt(all.Length / 2), 8, 20);
    }
}
