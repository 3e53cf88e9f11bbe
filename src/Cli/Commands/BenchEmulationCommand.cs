using Splitwise.Inference.Codecs;
using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// The live fabric with an emulated edge device and link against the cost model's simulation of the same plans and link:
/// per decode token, side by side. The fabric's own per-call cost is measured once, on an unemulated all-edge run
/// without a link, and then charged to every simulated grain call.
/// </summary>
public sealed class BenchEmulationCommand : ICliCommand
{
    private const string Prompt = "In the beginning God created";
    private const string ModelName = "emulation";

    public string Name => "bench emulation";

    public string Summary => "live emulated edge device + link vs the cost model's simulation, per decode token";

    public void Declare(CliSpec spec) => spec
        .Text("edge-device", "emulated device (default rpi5)", "rpi5", "orin-nx", "s23")
        .Text("edge-layers", "comma-separated plans: layers on the edge (default 0, half, all)")
        .Int("tokens", "decode tokens per plan (default 16)", min: 1)
        .Double("link-mbps", "emulated link bandwidth (default 20)", min: 1e-3)
        .Double("rtt-ms", "emulated round-trip time (default 40)", min: 0)
        .Text("codec", "activation codec (default fp32)", [.. ActivationCodecs.Names])
        .Text("stretch", "how device time is emulated (default ratio)", "ratio", "model-time")
        .Text("calibration", "host kernel calibration file")
        .Text("model", "model folder (default: the bundled model)")
        .Text("shape", "a random-weight GPT-2 of this shape instead of --model (e.g. gpt2-small)")
        .Int("port", "first silo port (default 11111)", min: 1, max: 65535)
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        var tokens = args.GetInt("tokens", 16);
        var mbps = args.GetDouble("link-mbps", 20);
        var rtt = args.GetDouble("rtt-ms", 40);
        var codec = args.Get("codec", "fp32");
        using var temp = args.Get("shape") is { } randomShape ? BenchFabricCommand.RandomModel(randomShape) : null;
        var modelPath = temp?.Path ?? args.Get("model") ?? ModelLoader.LocateBundled();
        if (tokens < 2)
            throw new CliUsageException("--tokens must be at least 2 (the first step is the prompt)");
        var hostCalibration = EdgeDeviceSettings.LoadCalibration(args.Get("calibration"));
        var stretch = DeviceStretch.For(DeviceProfiles.Get(args.Get("edge-device", "rpi5")), hostCalibration, EdgeDeviceSettings.ParseMode(args.Get("stretch")));
        var calibration = CostModel.Host(hostCalibration);
        TransformerShape shape;
        int promptTokens;
        using (var loaded = ModelLoader.Open(modelPath))
            (shape, promptTokens) = (loaded.Shape, loaded.Tokenizer.Encode(Prompt).Count);
        var plans = BenchOutput.IntList(args, "edge-layers") ?? [0, shape.NLayer / 2, shape.NLayer];
        var linkModel = new ConstantLink(mbps, rtt);

        BenchOutput.PrintMethod(
            $"""
             bench emulation: greedy decode of "{Prompt}" ({promptTokens} prompt tokens, {tokens} new) through the fabric (edge + cloud silo in this process,
               loopback TCP), plans: first k layers on the edge (k = {string.Join(", ", plans)}), codec {codec}, emulated link {linkModel.Description}.
             live: wall clock per decode token (the prompt step excluded), after one untimed generation per plan (activations, migrations).
             {EdgeDeviceSettings.Describe(stretch)}. The cloud silo is this machine, unemulated.
             simulated: FabricStepModel (src/Testbed/Cost) for the same plan, positions and link: edge work on the device's calibrated cost model, cloud work on
               this machine's (bench/host-calibration.json), far stage calls crossing once each way, edge and cloud halves of a stage overlapping.
             fabric call overhead: measured once (all-edge plan, no link, no emulation: live minus simulated compute, per grain call), charged to every simulated call.
             """);

        var link = new LinkEmulator();
        var device = new DeviceEmulator();
        await using var fabric = await FabricPair.Start(ModelName, modelPath, args.GetInt("port", 11111), link, device: device);

        var allEdge = await SetPlan(fabric, shape.NLayer, codec);
        var (baseMs, _) = await Decode(fabric, tokens);
        var hostOnly = new FabricStepModel(shape, calibration, calibration, null, 0);
        var baseSim = Simulate(hostOnly, allEdge, promptTokens, tokens);
        var callOverhead = Math.Max(0, (baseMs / 1e3 - baseSim.Seconds) / baseSim.GrainCalls);
        Console.WriteLine($"fabric call overhead: all-edge on this machine {baseMs:F2} ms per token live, {baseSim.Seconds * 1e3:F2} ms simulated compute, " +
                          $"{baseSim.GrainCalls} grain calls -> {callOverhead * 1e6:F1} us per call");

        link.Link = linkModel;
        device.Stretch = stretch;
        var model = new FabricStepModel(shape, CostModel.Calibrated(stretch.Device, hostCalibration), calibration, linkModel, callOverhead);
        var rows = new List<EmulationRow>();
        foreach (var k in plans)
        {
            var plan = await SetPlan(fabric, k, codec);
            device.Reset();
            var (liveMs, steps) = await Decode(fabric, tokens);
            var edge = device.Recorded;
            var sim = Simulate(model, plan, promptTokens, tokens);
            var perToken = 1.0 / steps;
            rows.Add(new EmulationRow(k, liveMs, sim.Seconds * 1e3, sim.EdgeComputeSeconds * 1e3, sim.CloudComputeSeconds * 1e3, sim.LinkSeconds * 1e3,
                edge.MeasuredMs * perToken, edge.WaitedMs * perToken, sim.FarCalls));
        }

        Console.WriteLine($"{"edge layers",11} {"live ms/tok",12} {"sim ms/tok",11} {"sim/live",9} {"sim edge",9} {"sim cloud",10} {"sim link",9} {"far calls",10} {"live edge ms",13} {"live waited",12}");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.EdgeLayers,11} {BenchOutput.F(r.LiveMsPerToken, 2),12} {BenchOutput.F(r.SimulatedMsPerToken, 2),11} {BenchOutput.F(r.Ratio, 2),9} " +
                              $"{BenchOutput.F(r.SimulatedEdgeComputeMs, 2),9} {BenchOutput.F(r.SimulatedCloudComputeMs, 2),10} {BenchOutput.F(r.SimulatedLinkMs, 2),9} {r.FarCallsPerToken,10} " +
                              $"{BenchOutput.F(r.LiveEdgeMeasuredMs, 2),13} {BenchOutput.F(r.LiveEdgeWaitedMs, 2),12}");
        }

        Console.WriteLine("(live edge ms / waited: per decode token, the edge computations measured here and the emulator's extra wait; includes the prompt step's share)");
        var within = rows.Count(r => Math.Abs(r.Ratio - 1) <= 0.25);
        Console.WriteLine($"{within} of {rows.Count} plans within 25% per token");
        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                bench = "emulation", device = stretch.Device.Key, stretch = stretch.Mode.ToString(), model = modelPath, link = linkModel.Description, codec, tokens, prompt_tokens = promptTokens,
                call_overhead_us = callOverhead * 1e6, all_edge_host_ms_per_token = baseMs, plans = rows, within_25_percent = within,
            });
        }

        return 0;
    }

    private static async Task<PartitionPlan> SetPlan(FabricPair fabric, int edgeLayers, string codec)
    {
        await fabric.Client.SetPlan(ModelName, (dims, spec) => PartitionPlans.FirstLayersOnEdge(edgeLayers, dims, spec, codec));
        await Decode(fabric, 3); // untimed: activations and migrations of the new plan
        return await fabric.Client.GetPlan(ModelName);
    }

    /// <summary>Mean over the decode steps of one generation (positions prompt .. prompt + tokens - 2).</summary>
    private static FabricStepTime Simulate(FabricStepModel model, PartitionPlan plan, int promptTokens, int tokens)
    {
        var steps = Enumerable.Range(promptTokens, tokens - 1).Select(position => model.Step(plan, position)).ToArray();
        return new FabricStepTime(steps.Average(s => s.Seconds), steps.Average(s => s.EdgeComputeSeconds), steps.Average(s => s.CloudComputeSeconds),
            steps.Average(s => s.LinkSeconds), steps[0].FarCalls, steps[0].GrainCalls);
    }

    /// <summary>ms per decode token (the prompt step excluded) and the number of steps (for per-token shares).</summary>
    private static async Task<(double MsPerToken, int Steps)> Decode(FabricPair fabric, int tokens)
    {
        var clock = new Stopwatch();
        var steps = 0;
        await foreach (var _ in fabric.Client.Generate(ModelName, new GenerationRequest(Prompt, tokens)))
        {
            if (steps++ == 0)
                clock.Start();
        }

        return (clock.Elapsed.TotalMilliseconds / (steps - 1), steps);
    }
}
