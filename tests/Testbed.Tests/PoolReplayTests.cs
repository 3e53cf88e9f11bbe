using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;

namespace Splitwise.Testbed.Tests;

/// <summary>The replay tells a closed-loop scheduler what each request took, reconfiguration excluded.</summary>
public class PoolReplayTests
{
    private static readonly Configuration Edge = new(2, 600, "max", false);
    private static readonly Configuration Cloud = new(0, 1800, "off", true);

    private static readonly MeasurementPool Pool = new([new PoolRun(Edge, 400, 2, 0.6, 2), new PoolRun(Cloud, 100, 60, 0.6, 3)]);

    /// <summary>Alternates between the two configurations and writes down what it is told.</summary>
    private sealed class Alternating : IOnlineScheduler
    {
        public List<(Configuration, double)> Told { get; } = [];

        public string Name => "alternating";

        public ConfigurationProfile Choose(double thresholdMs, Configuration? current)
        {
            var next = current == Edge ? Cloud : Edge;
            return Pool.Profile(next, Pool.RunsOf(next)[0]);
        }

        public void Observe(Configuration configuration, double latencyMs) => Told.Add((configuration, latencyMs));
    }

    [Fact]
    public void ASchedulerIsToldEveryRunWithoutTheSwitchingDelay()
    {
        var scheduler = new Alternating();
        var outcome = PoolReplay.Run(scheduler, [500, 500, 500], Pool, Pool.Space(), seed: 1, switchCostMs: 137);
        Assert.Equal([(Edge, 400.0), (Cloud, 100.0), (Edge, 400.0)], scheduler.Told);
        Assert.Equal([400.0, 237, 537], outcome.Requests.Select(r => r.LatencyMs)); // the first request switches from nothing
    }
}
