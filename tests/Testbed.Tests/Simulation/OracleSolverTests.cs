using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Presets;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class OracleSolverTests
{
    public static TheoryData<double, double, bool> Links => new()
    {
        { 1000, 1, true }, // fast: the cloud pays
        { 50, 20, true },
        { 0.5, 2000, true }, // slow: the edge pays
        { 2, 30, true },
        { 0, 50, false }, // outage: only the edge runs
    };

    [Theory]
    [MemberData(nameof(Links))]
    public void Oracle_equals_brute_force_over_every_plan_with_and_without_split_ffn(double mbps, double rttMs, bool up)
    {
        AssertOracleEqualsBruteForce(TinySetup.Coster(), new LinkState(mbps, mbps, rttMs, up));
    }

    [Theory]
    [MemberData(nameof(Links))]
    public void Oracle_equals_brute_force_in_fabric_route_mode_too(double mbps, double rttMs, bool up)
    {
        AssertOracleEqualsBruteForce(TinySetup.Coster(RouteMode.Fabric, cloud: TinySetup.SlowCloud), new LinkState(mbps, mbps, rttMs, up));
    }

    private static void AssertOracleEqualsBruteForce(PlanCoster coster, LinkState link)
    {
        var oracle = new OracleSolver(coster, TinySetup.Context(coster).Memory).Solve(link);

        var (bestSeconds, bestLayout) = BruteForce(coster, link);

        Assert.Equal(bestSeconds, oracle.Seconds, 1e-9 * bestSeconds);
        // The plan the oracle returns really costs what it claims.
        Assert.Equal(oracle.Seconds, coster.Choose(oracle.Layout, link).Seconds, 1e-9 * bestSeconds);
        Assert.NotNull(bestLayout);
    }

    [Fact]
    public void Brute_force_optimum_differs_between_fast_and_slow_links_so_the_comparison_means_something()
    {
        var coster = TinySetup.Coster();
        var fast = BruteForce(coster, new LinkState(1000, 1000, 1)).Layout!;
        var slow = BruteForce(coster, new LinkState(0.5, 0.5, 2000)).Layout!;
        Assert.False(fast.AllEdge);
        Assert.True(slow.AllEdge);
    }

    [Fact]
    public void With_a_cloud_as_slow_as_the_edge_mixed_plans_win_and_the_oracle_finds_them()
    {
        var coster = TinySetup.Coster(cloud: TinySetup.SlowCloud);
        var solver = new OracleSolver(coster, TinySetup.Context(coster).Memory);
        var mixed = new[] { 3.0, 30, 300 }.SelectMany(mbps => new[] { 0.5, 8 }.Select(rtt => new LinkState(mbps, mbps, rtt)))
            .Select(link => (link, brute: BruteForce(coster, link)))
            .Where(x => !x.brute.Layout!.AllEdge && !x.brute.Layout.AllCloud)
            .ToArray();

        Assert.NotEmpty(mixed);
        foreach (var (link, brute) in mixed)
            Assert.Equal(brute.Seconds, solver.Solve(link).Seconds, 1e-9 * brute.Seconds);
    }

    [Fact]
    public void Over_a_window_the_oracle_weighs_an_outage_as_a_stall_against_staying_on_the_edge()
    {
        var coster = TinySetup.Coster();
        var solver = new OracleSolver(coster, TinySetup.Context(coster).Memory);
        var fast = new LinkState(1000, 1000, 1);
        var outage = new LinkState(0, 0, 50, Up: false);
        var allEdge = OracleSolver.AllEdge(coster.Model);
        var edge = coster.Objective(allEdge, Route.OnEdge(allEdge.Stages.Count), fast);
        var best = solver.Solve(fast).Seconds;
        Assert.True(best < edge);

        // One epoch out of four lost: worth waiting for the link if that saves more than the epoch, else stay on the edge.
        var shortOutage = solver.Solve([outage, fast, fast, fast], epochSeconds: edge - best - 1e-3);
        Assert.False(shortOutage.Layout.AllEdge);
        Assert.Equal(edge - 1e-3, shortOutage.Seconds, 9);
        var longOutage = solver.Solve([outage, fast, fast, fast], epochSeconds: edge - best + 1e-3);
        Assert.True(longOutage.Layout.AllEdge);
        Assert.Equal(edge, longOutage.Seconds, 9);
        Assert.Equal(solver.Solve(fast).Seconds, solver.Solve([fast], 1).Seconds);
    }

    [Fact]
    public void Under_a_binding_memory_limit_the_oracle_fits_and_beats_every_fitting_single_cut()
    {
        // LLaMA-7B fp16 on the Pi 5 (7 GiB): in an outage the unconstrained optimum is all-edge, which does not fit.
        var shape = ModelPresets.Llama7B;
        var model = new ExecutionModel(shape, DecompositionSpec.Default(shape.NKvHead),
            new Splitwise.Testbed.Cost.CostModel(DeviceProfiles.RaspberryPi5, 2), new Splitwise.Testbed.Cost.CostModel(DeviceProfiles.CloudA100, 2), "int8");
        var coster = new PlanCoster(model, RouteMode.Fabric, new RequestShape(128, 64));
        var context = new PolicyContext(coster, new EdgeMemoryModel(model, DeviceProfiles.RaspberryPi5, Precision.Fp16, 192));
        var link = new LinkState(0.05, 0.05, 300);

        var oracle = new OracleSolver(coster, context.Memory).Solve(link);

        Assert.True(context.Memory.Check(oracle.Layout).Fits);
        Assert.False(context.Memory.Check(context.Cut(shape.NLayer)).Fits);
        var bestCut = Enumerable.Range(0, shape.NLayer + 1).Where(k => context.Memory.Check(context.Cut(k)).Fits)
            .Min(k => coster.Choose(context.Cut(k), link).Seconds);
        Assert.True(oracle.Seconds <= bestCut * (1 + 1e-9), $"oracle {oracle.Seconds} s vs best fitting cut {bestCut} s");
    }

    private static (double Seconds, PlanLayout? Layout) BruteForce(PlanCoster coster, LinkState link)
    {
        var dims = new ModelDimensions(TinySetup.Shape.NLayer, TinySetup.Shape.NKvHead, TinySetup.Shape.DFf);
        var best = (Seconds: double.PositiveInfinity, Layout: (PlanLayout?)null);
        foreach (var split in new[] { false, true })
        {
            var spec = TinySetup.Spec with { SplitFfn = split };
            var ids = Enumerable.Range(0, dims.Layers).SelectMany(l => spec.SubBlocks(l, dims.KvHeads)).ToArray();
            for (var mask = 0; mask < 1 << ids.Length; mask++)
            {
                var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
                var plan = PartitionPlans.Build(dims, spec, id => (mask >> index[id] & 1) == 0 ? Tier.Edge : Tier.Cloud);
                var layout = PlanLayout.From(plan, coster.Model.HeadGroups);
                var seconds = coster.Choose(layout, link).Seconds;
                if (seconds < best.Seconds)
                    best = (seconds, layout);
            }
        }

        return best;
    }
}
