using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class SimulatorTests
{
    [Fact]
    public void Requests_queue_first_in_first_out_and_wait_for_the_one_in_service()
    {
        var coster = TinySetup.Coster();
        var context = TinySetup.Context(coster);
        var sim = new Simulator(coster, context.Memory, new ConstantLink(20, 10));
        var requests = new[] { new RequestSpec(0, 0.2, 16, 200), new RequestSpec(1, 0.2, 16, 200), new RequestSpec(2, 100, 16, 8) };

        var run = sim.Run(FixedPolicy.CloudOnly(context), requests);

        var r = run.Requests;
        Assert.Equal(r[0].ArrivalSeconds + r[0].LatencySeconds, r[1].StartSeconds, 9);
        Assert.True(r[1].LatencySeconds > r[0].LatencySeconds);
        Assert.Equal(100, r[2].StartSeconds);
        Assert.Equal(0, run.RejectedPlans);
        // Policies were consulted once per epoch from t = 0 to the last start.
        Assert.Equal(101, run.Epochs.Count);
        Assert.Equal(1, run.Epochs[1].EdgeQueueLength);
    }

    [Fact]
    public void Edge_only_llama_7b_on_the_pi_5_is_infeasible_and_says_why()
    {
        var requests = WorkloadGenerator.Poisson(20, 0.05, (32, 64), (8, 16), seed: 3);
        var setup = new SimulationSetup("llama-7b", "rpi5", "a100", new ConstantLink(20, 40), requests);

        var run = setup.Run("edge-only");

        Assert.True(run.Infeasible);
        Assert.Contains("does not fit Raspberry Pi 5", run.FirstRejection);
        Assert.NotNull(PolicySummary.From(run).InfeasibleReason);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_oracle_is_never_slower_to_serve_than_the_single_cuts()
    {
        PolicySummary Run(string policy)
        {
            var requests = WorkloadGenerator.Poisson(60, 0.02, (32, 128), (16, 64), seed: 5);
            var link = Splitwise.Testbed.Synthetic.SyntheticLink.Default(7, TimeSpan.FromHours(2));
            return PolicySummary.From(new SimulationSetup("gpt2-xl", "orin-nx", "a100", link, requests).Run(policy));
        }

        var oracle = Run("clairvoyant");
        Assert.Equal(oracle with { WallSeconds = 0 }, Run("clairvoyant") with { WallSeconds = 0 });
        var neurosurgeon = Run("neurosurgeon");
        Assert.True(oracle.MeanLatencySeconds <= neurosurgeon.MeanLatencySeconds * 1.001,
            $"oracle {oracle.MeanLatencySeconds} s, neurosurgeon {neurosurgeon.MeanLatencySeconds} s");
    }

    [Fact]
    public void A_policy_whose_queue_runs_away_is_stopped_and_reported_unstable()
    {
        var coster = TinySetup.Coster();
        var context = TinySetup.Context(coster);
        var sim = new Simulator(coster, context.Memory, new ConstantLink(20, 10), new SimulationOptions(MaxQueue: 5));
        var requests = Enumerable.Range(0, 50).Select(i => new RequestSpec(i, 0.001 * i, 64, 64)).ToArray();

        var run = sim.Run(FixedPolicy.EdgeOnly(context), requests);

        Assert.NotNull(run.Unstable);
        Assert.True(run.Requests.Count < 50);
        Assert.False(PolicySummary.From(run).Reportable);
    }

    [Fact]
    public void The_observation_carries_queue_bandwidth_and_history_from_the_past_only()
    {
        var coster = TinySetup.Coster();
        var context = TinySetup.Context(coster);
        var link = new PiecewiseLink([(TimeSpan.Zero, new LinkState(10, 10, 20)), (TimeSpan.FromSeconds(3), new LinkState(40, 40, 20))]);
        var recorder = new Recorder(FixedPolicy.CloudOnly(context));
        new Simulator(coster, context.Memory, link).Run(recorder, [new RequestSpec(0, 0.5, 8, 4), new RequestSpec(1, 6.5, 8, 4)]);

        var seen = recorder.Seen;
        Assert.Equal(10, seen[3].Bandwidth.LastMbps); // epoch 3 has 40 Mbit/s but has not been lived yet
        Assert.Equal(40, seen[4].Bandwidth.LastMbps);
        Assert.Single(seen[1].History);
        Assert.Equal(DeviceProfiles.RaspberryPi5.MemoryBytes, seen[0].EdgeMemoryAvailableBytes);
    }

    private sealed class Recorder(IPolicy inner) : IPolicy
    {
        public List<Observation> Seen { get; } = [];

        public string Name => "recorder";

        public PartitionPlan Decide(Observation observation)
        {
            Seen.Add(observation);
            return inner.Decide(observation);
        }
    }
}
