using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;
using Splitwise.Testbed.Traces;

namespace Splitwise.Cli.Commands;

/// <summary>
/// The live controller against its simulated twin on the same link trace: one greedy generation through the fabric with
/// the emulated device, the trace replayed on the emulated link and the controller grain deciding every epoch; then
/// <see cref="SimulatedControllerRun"/> with the same policy, setup, trace and epoch. Prints both plan sequences and the
/// per-token latency side by side, and the ratio.
/// </summary>
public sealed class BenchLiveControllerCommand : ICliCommand
{
    private const string Prompt = "In the beginning God created";
    private const string ModelName = "live-controller";

    public string Name => "bench live-controller";

    public string Summary => "the live controller vs its simulation on one link trace: plan sequence and per-token latency";

    public void Declare(CliSpec spec) => spec
        .Text("policy", "the controller's policy (default drift-plus-penalty)")
        .Text("link-trace", "link trace file (default samples/links/collapse.csv)")
        .Int("tokens", "tokens to generate (default 160)", min: 2)
        .Int("epoch-ms", "decision epoch (default 100)", min: 1)
        .Text("time-scale", "play the trace this many times slower, or auto (default): the generation at the all-edge rate spans 4 s of the trace")
        .Text("edge-device", "emulated device (default rpi5)", "rpi5", "orin-nx", "s23")
        .Text("calibration", "host kernel calibration file")
        .Text("stretch", "how device time is emulated (default model-time: a loaded host is not multiplied)", "ratio", "model-time")
        .Text("model", "model folder (default: the bundled model)")
        .Int("port", "first silo port (default 11111)", min: 1, max: 65535)
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        var policy = LivePolicies.Check(args.Get("policy", "drift-plus-penalty"));
        var tracePath = args.Get("link-trace", "samples/links/collapse.csv");
        var file = TraceFiles.Load(tracePath);
        double? fixedScale = args.Get("time-scale", "auto") is "auto" ? null
            : double.TryParse(args.Get("time-scale"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var given) && given > 0 ? given
            : throw new CliUsageException($"--time-scale: '{args.Get("time-scale")}' is neither auto nor a positive number");
        var tokens = args.GetInt("tokens", 160);
        var epochMs = args.GetInt("epoch-ms", 100);
        var modelPath = args.Get("model") ?? ModelLoader.LocateBundled();
        var calibration = EdgeDeviceSettings.LoadCalibration(args.Get("calibration"));
        var stretch = DeviceStretch.For(DeviceProfiles.Get(args.Get("edge-device", "rpi5")), calibration, EdgeDeviceSettings.ParseMode(args.Get("stretch", "model-time")));
        TransformerShape shape;
        int promptTokens;
        using (var loaded = ModelLoader.Open(modelPath))
            (shape, promptTokens) = (loaded.Shape, loaded.Tokenizer.Encode(Prompt).Count);

        BenchOutput.PrintMethod(
            $"""
             bench live-controller: greedy "{Prompt}" ({promptTokens} prompt tokens, {tokens} tokens) through the fabric (edge + cloud silo in this process, loopback TCP),
               edge device EMULATED ({stretch.Device.Key}, {stretch.Mode} stretch), link EMULATED by replaying {file.Description} from the first token, its time scaled (--time-scale;
               auto: tokens x the measured all-edge ms per token / 4 s, so that the run spans the same part of the trace on a quiet or a loaded machine);
               the controller grain runs {policy} every {epochMs} ms on what the fabric measured (probes, meters), publishing through the plan grain.
             live: each token's wall time at the client and where its sub-blocks ran (the session's trace); the plans' sequence.
             simulated: the same policy, setup (LiveSetup: calibrated {stretch.Device.Key} edge, this machine's cloud) and trace, deciding every {epochMs} ms on a
               probe of the trace; each token costed by FabricStepModel with the fabric's call overhead, measured first (all-edge, no link, no emulation: live minus
               modelled compute, per grain call, as in bench emulation), and the crossing overhead (all-cloud, no link: live minus modelled, per payload between the silos). KV moves at a plan change: charged to the link in both (live: MigrationLink; twin: each moved head group's one-way time from the apply, the next token waiting for the slowest).
             the start plan of both: all on the edge. Ratio = simulated / live mean decode-token latency; target within 25%.
             """);

        var link = new LinkEmulator();
        var device = new DeviceEmulator();
        await using var fabric = await FabricPair.Start(ModelName, modelPath, args.GetInt("port", 11111), link, device: device);
        var spec = (await fabric.Client.GetPlan(ModelName)).Spec;
        var dims = new ModelDimensions(shape.NLayer, shape.NKvHead, shape.DFf);

        // Untimed: every sub-block activated on both tiers; then the call overhead on all-edge.
        await fabric.Client.SetPlan(ModelName, PartitionPlans.AllOn(Tier.Cloud, dims, spec));
        await Generate(fabric, 4);
        await fabric.Client.SetPlan(ModelName, PartitionPlans.AllOn(Tier.Edge, dims, spec));
        await Generate(fabric, 4);
        var baseline = await Generate(fabric, 17);
        var baseMs = baseline.Skip(1).Average(s => s.Ms);
        var hostOnly = new FabricStepModel(shape, CostModel.Host(calibration), CostModel.Host(calibration), null, 0);
        var baseSim = Enumerable.Range(promptTokens, 16).Select(p => hostOnly.Step(PartitionPlans.AllOn(Tier.Edge, dims, spec), p)).ToArray();
        var callOverhead = Math.Max(0, (baseMs / 1e3 - baseSim.Average(s => s.Seconds)) / baseSim[0].GrainCalls);
        Console.WriteLine($"fabric call overhead: {baseMs:F2} ms per all-edge token live, {baseSim.Average(s => s.Seconds) * 1e3:F2} ms modelled compute, {baseSim[0].GrainCalls} grain calls -> {callOverhead * 1e6:F1} us per call");

        // Then what a payload between the silos costs beyond that (their connection), on all-cloud with no link emulated.
        await fabric.Client.SetPlan(ModelName, PartitionPlans.AllOn(Tier.Cloud, dims, spec));
        await Generate(fabric, 4);
        var cloudMs = (await Generate(fabric, 17)).Skip(1).Average(s => s.Ms);
        var withCalls = new FabricStepModel(shape, CostModel.Host(calibration), CostModel.Host(calibration), null, callOverhead);
        var cloudSim = Enumerable.Range(promptTokens, 16).Select(p => withCalls.Step(PartitionPlans.AllOn(Tier.Cloud, dims, spec), p)).ToArray();
        var crossingOverhead = Math.Max(0, (cloudMs / 1e3 - cloudSim.Average(s => s.Seconds)) / cloudSim[0].Crossings);
        Console.WriteLine($"crossing overhead: {cloudMs:F2} ms per all-cloud token live, {cloudSim.Average(s => s.Seconds) * 1e3:F2} ms modelled with the call overhead, {cloudSim[0].Crossings} crossings -> {crossingOverhead * 1e6:F1} us per crossing");

        var scale = fixedScale ?? tokens * baseMs / 4000;
        var trace = new ScaledLink(file, scale);
        Console.WriteLine($"link: {trace.Description}");
        var setup = new LiveSetup(shape, spec, stretch.Device, calibration, "fp32", new RequestShape(promptTokens, tokens), epochMs / 1e3, callOverhead, crossingOverhead);
        var start = setup.Context.PlanOf(setup.Context.Cut(shape.NLayer));
        await fabric.Client.SetPlan(ModelName, start);
        device.Stretch = stretch;
        link.Link = trace;
        var controller = fabric.Grains.GetGrain<IControllerGrain>(FabricKeys.Controller(ModelName, stretch.Device.Key));
        var clock = Stopwatch.StartNew();
        link.Clock = () => clock.Elapsed;
        await controller.Start(new ControllerSettings(policy, epochMs, stretch.Device.Key, "fp32", promptTokens, tokens, Calibration: args.Get("calibration")));
        var live = await Generate(fabric, tokens, clock);
        var decisions = await controller.Decisions();
        await controller.Stop();

        var (simTokens, simDecisions) = SimulatedControllerRun.Run(setup, LivePolicies.Create(policy, setup), trace, start, promptTokens, tokens);
        var rows = live.Select((l, i) => new LiveControllerComparison.TokenRow(i, l.StartS, l.Ms, l.Placement,
            simTokens[i].StartSeconds, simTokens[i].Seconds * 1e3, simTokens[i].Placement)).ToList();
        var comparison = new LiveControllerComparison(rows, trace, decisions.Select(d => d.Placement).ToList(), simDecisions.Select(d => d.Placement).ToList());
        Print(comparison);
        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                bench = "live-controller", policy, trace = trace.Description, time_scale = scale, device = stretch.Device.Key, epoch_ms = epochMs, tokens, prompt_tokens = promptTokens,
                call_overhead_us = callOverhead * 1e6, crossing_overhead_us = crossingOverhead * 1e6, live_mean_ms = comparison.LiveMeanMs, sim_mean_ms = comparison.SimMeanMs, ratio = comparison.Ratio,
                within_25_percent = comparison.Within25, same_decisions = comparison.SameDecisions, live_decided = comparison.LiveDecided, sim_decided = comparison.SimDecided,
                same_placement_sequence = comparison.SameSequence, same_placement_tokens = comparison.SamePlacementTokens,
                phases = comparison.Phases, live_runs = comparison.LiveRuns, sim_runs = comparison.SimRuns,
                live_decisions = decisions, sim_decisions = simDecisions, token_rows = rows,
            });
        }

        return 0;
    }

    private static void Print(LiveControllerComparison c)
    {
        Console.WriteLine($"plans decided, in order: live {string.Join(" -> ", c.LiveDecided.Select(p => $"[{p}]"))}; simulated {string.Join(" -> ", c.SimDecided.Select(p => $"[{p}]"))}: {(c.SameDecisions ? "the same" : "DIFFERENT")}");
        Console.WriteLine("where each token's work ran, runs (tokens first-last, start s, layers: E edge, C cloud, M mixed: a migration in flight):");
        Console.WriteLine("  live: " + string.Join("  ", c.LiveRuns.Select(r => $"{r.FirstToken}-{r.LastToken} @{r.StartS:F2} [{r.Placement}]")));
        Console.WriteLine("  sim:  " + string.Join("  ", c.SimRuns.Select(r => $"{r.FirstToken}-{r.LastToken} @{r.StartS:F2} [{r.Placement}]")));
        Console.WriteLine($"same placement sequence: {(c.SameSequence ? "yes" : "no")}; tokens under the same placement: {c.SamePlacementTokens} of {c.Tokens.Count}");
        Console.WriteLine($"{"link phase (at the token's start)",-34} {"live n",6} {"live ms",8} {"sim n",6} {"sim ms",8} {"sim/live",9}");
        foreach (var p in c.Phases)
            Console.WriteLine($"{p.Link,-34} {p.LiveTokens,6} {BenchOutput.F(p.LiveMeanMs, 2),8} {p.SimTokens,6} {BenchOutput.F(p.SimMeanMs, 2),8} {BenchOutput.F(p.Ratio, 2),9}");
        Console.WriteLine($"mean decode token: live {c.LiveMeanMs:F2} ms, simulated {c.SimMeanMs:F2} ms, ratio {c.Ratio:F2}: {(c.Within25 ? "within 25%" : "NOT within 25%")}");
    }

    private sealed record Step(double StartS, double Ms, string Placement);

    private static async Task<List<Step>> Generate(FabricPair fabric, int tokens, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var steps = new List<Step>();
        var last = clock.Elapsed.TotalSeconds;
        await foreach (var step in fabric.Client.Generate(ModelName, new GenerationRequest(Prompt, tokens)))
        {
            var now = clock.Elapsed.TotalSeconds;
            steps.Add(new Step(last, (now - last) * 1e3, PlanLetters.Of(step.Layers)));
            last = now;
        }

        return steps;
    }
}
