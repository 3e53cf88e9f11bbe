using Splitwise.Inference.Codecs;
using System.Diagnostics;
using System.Text.Json;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Cli.Run;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Traces;

namespace Splitwise.Cli.Commands;

/// <summary>
/// The main job on a fresh machine: an edge silo and a cloud silo co-hosted in this process over
/// loopback TCP, a plan applied, the text streamed; with --trace a row per plan or placement change and the link per token as a summary.
/// </summary>
public sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public string Summary => "generate from a prompt on an edge and a cloud silo in this process";

    public void Declare(CliSpec spec) => spec
        .Arguments("prompt", "the prompt")
        .Int("edge-layers", "layers on the edge (default: half)", min: 0)
        .Text("codec", "activation codec across the link (default fp32)", [.. ActivationCodecs.Names])
        .Int("tokens", "tokens to generate (default 64)", min: 1)
        .Double("temperature", "sampling temperature, 0 = greedy (default 0)", min: 0)
        .Int("top-k", "top-k, 0 = all (default 0)", min: 0)
        .Int("seed", "sampling seed (default 0)")
        .Double("link-mbps", "emulate a link of this bandwidth (default: no emulated link)", min: 1e-3)
        .Double("rtt-ms", "emulated round-trip time (default 40)", min: 0)
        .Text("model", "model folder (default: the bundled model)")
        .Int("port", "first silo port (default 11111)", min: 1, max: 65535)
        .Flag("trace", "a table of plan and placement changes, and the link figures per token as a summary")
        .Text("edge-device", "emulate this edge device's speed", "rpi5", "orin-nx", "s23")
        .Text("calibration", "host kernel calibration file")
        .Text("stretch", "how device time is emulated (default ratio)", "ratio", "model-time")
        .Text("controller", "a live controller runs this policy every epoch on what the fabric measures (e.g. drift-plus-penalty)")
        .Int("epoch-ms", "the controller's decision epoch (default 500)", min: 1)
        .Text("link-trace", "replay this link trace on the emulated link from the first token (CSV seconds,mbps[,rtt_ms], Mahimahi, or the 5G/LTE format)")
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        var prompt = args.Positionals.Count > 0 ? string.Join(' ', args.Positionals) : throw new CliUsageException("give a prompt: run \"In the beginning\"");
        var modelPath = args.Get("model") ?? ModelLoader.LocateBundled();
        var modelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(modelPath));
        var basePort = args.GetInt("port", 11111);
        var controller = args.Get("controller") is { } policy ? LivePolicies.Check(policy) : null;
        if (args.Get("link-trace") is not null && args.Get("link-mbps") is not null)
            throw new CliUsageException("give --link-trace or --link-mbps, not both");
        ILinkModel? linkModel = args.Get("link-trace") is { } traceFile ? TraceFiles.Load(traceFile)
            : args.Get("link-mbps") is { } mbps ? new ConstantLink(double.Parse(mbps, System.Globalization.CultureInfo.InvariantCulture), args.GetDouble("rtt-ms", 40)) : null;
        var link = new LinkEmulator(linkModel);
        var device = new DeviceEmulator(args.Get("edge-device") is { } key ? EdgeDeviceSettings.Load(key, args.Get("calibration"), args.Get("stretch")) : null);
        if (device.Stretch is { } emulated)
            Console.Error.WriteLine(EdgeDeviceSettings.Describe(emulated));

        await using var fabric = await FabricPair.Start(modelName, modelPath, basePort, link, device: device);
        RunController? live = null;
        if (controller is not null)
        {
            int promptTokens;
            using (var loaded = ModelLoader.Open(modelPath))
                promptTokens = loaded.Tokenizer.Encode(prompt).Count;
            live = new RunController(fabric.Grains, modelName, controller, args, device, link, promptTokens);
        }

        return await Generate(fabric.Client, args, modelName, prompt, linkModel, live);
    }

    private static async Task<int> Generate(FabricClient client, CliArgs args, string model, string prompt, ILinkModel? linkModel, RunController? live)
    {
        var layers = (await client.GetPlan(model)).Layers;
        var edgeLayers = args.GetInt("edge-layers", (layers + 1) / 2);
        var codec = args.Get("codec") ?? "fp32";
        var change = await client.SetPlan(model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(edgeLayers, dims, spec, codec));
        Console.Error.WriteLine($"plan v{change.Version}: layers 0..{edgeLayers - 1} on the edge, the rest in the cloud, codec {codec}; link: {linkModel?.Description ?? "none (no emulated delay)"}");
        if (!args.Json)
            Console.Write(prompt);

        var trace = new List<object>();
        var table = new RunTrace();
        if (live is not null)
            await live.Start();
        var clock = Stopwatch.StartNew();
        var text = new System.Text.StringBuilder();
        await foreach (var step in client.Generate(model, new GenerationRequest(prompt, args.GetInt("tokens", 64), args.GetDouble("temperature", 0), args.GetInt("top-k", 0), args.GetInt("seed", 0))))
        {
            text.Append(step.Text);
            trace.Add(new { step.Index, step.Token, step.PlanVersion, step.Link.FarCalls, step.Link.BytesUp, step.Link.BytesDown, step.Link.FarCallMs, layers = step.Layers, ms = clock.Elapsed.TotalMilliseconds });
            table.Add(step);
            if (!args.Json)
                Console.Write(step.Text);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var decisions = live is null ? [] : await live.Stop();
        var edgeSide = await client.LinkTotals(Tier.Edge);
        var cloudSide = await client.LinkTotals(Tier.Cloud);
        Console.WriteLine();
        Console.WriteLine();
        Console.WriteLine($"[{trace.Count} tokens in {seconds:F2} s, {trace.Count / seconds:F1} tokens/s through the fabric]");
        if (args.Has("trace"))
        {
            foreach (var line in table.Table())
                Console.WriteLine(line);
            Console.WriteLine(table.LinkSummary());
            if (live is not null)
            {
                foreach (var line in RunController.Table(decisions))
                    Console.WriteLine(line);
            }
        }

        Console.WriteLine($"[{(linkModel is null ? "cross-tier calls (no link emulated, no delay)" : "emulated link")}, measured by the callee's filter: {cloudSide.Crossings + edgeSide.Crossings} crossings, {cloudSide.BytesUp + edgeSide.BytesUp} B up, {cloudSide.BytesDown + edgeSide.BytesDown} B down, {cloudSide.DelayMs + edgeSide.DelayMs:F1} ms of delay]");
        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(new { prompt, completion = text.ToString(), model, edgeLayers, codec, link = linkModel?.Description, seconds, tokens = trace, linkTotals = new { edge = edgeSide, cloud = cloudSide },
                controller = live is null ? null : new { policy = live.Policy, epochMs = live.EpochMs, decisions } }));
        return 0;
    }
}
