using System.Collections.Concurrent;
using Splitwise.Testbed.Cloud;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Load;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Presets;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// Everything a scenario fixes for one seed, built once and shared by every policy run on it: the link, the shared
/// cloud under its load, the edge's requests, and the simulator's plan coster and edge memory model (a
/// <see cref="SimulationSetup"/>, so policies see the same context as in `simulate`).
/// </summary>
public sealed class World
{
    /// <summary>Seconds of cloud load schedule (it loops): the Azure trace's one hour.</summary>
    public const int LoadSeconds = 3600;

    private static readonly ConcurrentDictionary<(string, double, string, string), CloudLoad> Loads = new();

    /// <param name="batchCurve">the cloud's decode step against its batch as measured (`bench batching`), in place of the A100
    /// roofline's batch term (<see cref="BatchedGpu.Curve"/>); null: the roofline's.</param>
    public World(Scenario scenario, int seed, ILinkModel? link = null, double epochSeconds = 1, IReadOnlyList<RequestSpec>? requests = null, BatchCurve? batchCurve = null)
    {
        Scenario = scenario;
        Seed = seed;
        Link = link ?? (scenario.FlakiestTrace ? TraceSplit.Flakiest(scenario.Link, seed) : TraceSplit.Link(scenario.Link, seed));
        var random = new Random(seed);
        var load = FittedLlmLoad.Model;
        // Unit-rate Poisson arrivals, rescaled below once the cloud-only service time is known.
        var t = 0.0;
        var unit = new RequestSpec[scenario.Requests];
        for (var i = 0; i < unit.Length; i++)
        {
            t += -Math.Log(1 - random.NextDouble());
            var (prompt, output) = load.DrawLengths(random);
            unit[i] = new RequestSpec(i, t, Math.Min(scenario.MaxPrompt, prompt), Math.Min(scenario.MaxOutput, output));
        }

        Setup = new SimulationSetup(scenario.Model, scenario.Device, "a100", Link, requests ?? unit, scenario.Codec, Precision.Fp16,
            new SimulationOptions(epochSeconds, RouteMode.Fabric));
        var allCloud = OracleSolver.AllCloud(Setup.Coster.Model);
        var ups = Enumerable.Range(0, LoadSeconds).Select(e => Setup.Timeline[e]).Where(l => l.Up && l.UplinkMbps > 0).OrderBy(l => l.UplinkMbps).ToArray();
        var median = ups.Length > 0 ? ups[ups.Length / 2] : new LinkState(10, 10, 50);
        CloudOnlySeconds = Setup.Coster.Choose(allCloud, median).Seconds;
        ArrivalRatePerSecond = scenario.EdgeLoad / CloudOnlySeconds;
        // Given requests (a test's, a replay) are taken as they are.
        Requests = requests ?? unit.Select(r => r with { ArrivalSeconds = r.ArrivalSeconds / ArrivalRatePerSecond }).ToArray();
        var gpu = new BatchedGpu(DeviceProfiles.CloudA100, Setup.Coster.Model.Shape) { Curve = batchCurve };
        var trace = LlmLoadTrace.Locate();
        var real = trace is not null;
        var curveKey = batchCurve is null ? "roofline" : string.Join(";", batchCurve.Points);
        var cloudLoad = Loads.GetOrAdd((scenario.Model.ToLowerInvariant(), scenario.CloudUtilisation, real ? "real" : "synthetic", curveKey), _ => CloudLoad.AtUtilisation(gpu,
            trace is not null ? LlmLoadTrace.Read(trace) : load.GenerateFor(LoadSeconds, 1),
            scenario.CloudUtilisation, LoadSeconds, real ? "Azure LLM conversation trace 2023" : "the fitted synthetic Azure conversation load"));
        Cloud = new SharedCloud(gpu, cloudLoad, SharedCloud.A100PricePerGpuHour);
    }

    public Scenario Scenario { get; }

    public int Seed { get; }

    public ILinkModel Link { get; }

    public SimulationSetup Setup { get; }

    public SharedCloud Cloud { get; }

    /// <summary>The edge's requests, arrivals in seconds, sorted.</summary>
    public IReadOnlyList<RequestSpec> Requests { get; }

    /// <summary>The mean request's cloud-session service time on the family's median link, dedicated cloud: what sets the arrival rate.</summary>
    public double CloudOnlySeconds { get; }

    public double ArrivalRatePerSecond { get; }

    public LinkTimeline Timeline => Setup.Timeline;

    /// <summary>
    /// A policy by name on this world (see <see cref="PolicyCatalog"/>); the hindsight baseline sees the link up to the
    /// last arrival; a learned one loads this scenario's file from <paramref name="policyDirectory"/> (default policies/).
    /// </summary>
    public Splitwise.Planning.Policies.IPolicy Policy(string name, double v = 1, string? policyDirectory = null) =>
        PolicyCatalog.Create(name, Setup.Context, Timeline, Requests[^1].ArrivalSeconds, 0, Lyapunov(v),
            new LearnedPolicySource(policyDirectory ?? PolicyCatalog.DefaultPolicyDirectory, Scenario.Name));

    /// <summary>The drift-plus-penalty controller's settings for this scenario: its budgets, its codec's loss.</summary>
    public LyapunovSettings Lyapunov(double v = 1) => new(Scenario.Budgets, Timeline.EpochSeconds, Budgets.CodecLoss.BitsPerByte(Scenario.Codec), v);
}
