using Splitwise.Testbed.Environment;

namespace Splitwise.Testbed.Tests.Environment;

/// <summary>
/// Short versions of `bench lyapunov`: GPT-2 XL on an Orin NX under a 6 W budget on the alternating link (edge-only is
/// the faster plan on the poor half but draws more), 2,000 one-second epochs.
/// </summary>
public class LyapunovRunTests
{
    private static readonly Scenario Budgeted = Scenarios.Get("office") with
    {
        Model = "gpt2-xl", Device = "orin-nx", CloudUtilisation = 0, Requests = 150,
        Budgets = Scenarios.Get("office").Budgets with { EdgePowerW = 6 },
    };

    private static readonly Lazy<World> SharedWorld = new(() => new World(Budgeted, 1, LyapunovRun.AlternatingLink));

    [Fact]
    public void The_controller_keeps_the_energy_queue_bounded_and_its_ablation_lets_it_grow()
    {
        var dpp = LyapunovRun.Run(SharedWorld.Value, 1, 2000);
        var ablation = LyapunovRun.Run(SharedWorld.Value, 1, 2000, queueTerm: false);

        Assert.Equal(2000, dpp.Backlogs.Length);
        Assert.True(dpp.MeanUsage[0] <= 1.01, $"controller's edge power {dpp.MeanUsage[0]} of the budget");
        Assert.True(ablation.MeanUsage[0] > 1.1, $"ablation's edge power {ablation.MeanUsage[0]} of the budget");
        // The ablation's energy queue climbs with time; the controller's stays small.
        Assert.True(ablation.Backlogs[^1][0] > 10 * Math.Max(1, dpp.Backlogs.Max(b => b[0])),
            $"ablation ends at {ablation.Backlogs[^1][0]}, controller peaks at {dpp.Backlogs.Max(b => b[0])}");
        Assert.True(ablation.Backlogs[1999][0] > ablation.Backlogs[999][0]);
        // Both serve the arrivals: the real edge queue stays short.
        Assert.True(dpp.Backlogs.Max(b => b[3]) < 10);
        Assert.True(dpp.Served > 50 && ablation.Served > 50);
    }

    [Fact]
    public void A_larger_v_buys_lower_latency_with_a_longer_energy_queue()
    {
        var small = LyapunovRun.Run(SharedWorld.Value, 1, 2000);
        var large = LyapunovRun.Run(SharedWorld.Value, 1000, 2000);
        Assert.True(large.MeanLatencySeconds < small.MeanLatencySeconds, $"{large.MeanLatencySeconds} vs {small.MeanLatencySeconds}");
        Assert.True(large.MeanBacklog[0] > small.MeanBacklog[0], $"{large.MeanBacklog[0]} vs {small.MeanBacklog[0]}");
    }

    [Fact]
    public void The_run_is_deterministic()
    {
        var a = LyapunovRun.Run(SharedWorld.Value, 10, 500);
        var b = LyapunovRun.Run(SharedWorld.Value, 10, 500);
        Assert.Equal(a.Backlogs.SelectMany(x => x), b.Backlogs.SelectMany(x => x));
        Assert.Equal(a.MeanLatencySeconds, b.MeanLatencySeconds);
    }
}
