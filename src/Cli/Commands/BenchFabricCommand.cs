using System.Diagnostics;
using System.Text.Json;
using Splitwise.Cli.Bench;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Decode speed through the grains (every sub-block on the edge silo) against the monolithic in-process
/// forward of the same model in the same run, then per-token latency with half the layers across an
/// emulated link, and the link crossings per token.
/// </summary>
public sealed class BenchFabricCommand : ICliCommand
{
    public string Name => "bench fabric";

    public string Summary => "decode tokens/s through grains vs in process; latency across an emulated link";

    public void Declare(CliSpec spec) => spec
        .Text("model", "model folder (default: the bundled model)")
        .Text("shape", "a random-weight GPT-2 of this shape instead of --model (e.g. gpt2-small)")
        .Int("tokens", "decode tokens per round (default 32)", min: 1)
        .Int("rounds", "rounds (default 5)", min: 1)
        .Int("threads", "TorchSharp threads (default: every core)", min: 1)
        .Int("intra-op", "intra-op threads per grain (default 1)", min: 1)
        .Double("link-mbps", "emulated link bandwidth (default 20)", min: 1e-3)
        .Double("rtt-ms", "emulated round-trip time (default 40)", min: 0)
        .Int("port", "first silo port (default 11111)", min: 1, max: 65535)
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        var tokens = args.GetInt("tokens", 32);
        var mbps = args.GetDouble("link-mbps", 20);
        var rtt = args.GetDouble("rtt-ms", 40);
        using var temp = args.Get("shape") is { } shape ? RandomModel(shape) : null;
        var modelPath = temp?.Path ?? args.Get("model") ?? ModelLoader.LocateBundled();
        const string modelName = "bench";
        const string prompt = "In the beginning God created";

        var rounds = args.GetInt("rounds", 5);
        if (tokens < 2 || rounds < 1)
            throw new CliUsageException("--tokens must be at least 2 and --rounds positive");
        var threads = BenchOutput.SetThreads(args);
        var intraOp = args.GetInt("intra-op", 1);
        if (intraOp <= 0)
            throw new CliUsageException($"--intra-op must be positive, got {intraOp}");
        using var loaded = ModelLoader.Open(modelPath);
        var spec = DecompositionSpec.Default(loaded.Shape.NKvHead);
        BenchOutput.PrintMethod(
            $"""
             bench fabric: greedy decode of the same prompt, {tokens} new tokens; tokens/s over the decode steps only (the prompt step excluded), wall clock.
             contestants, interleaved over {rounds} rounds after one untimed warm-up round (the first contestant rotating each round): the monolithic
             reference forward and the decomposed forward ({spec.HeadGroups(loaded.Shape.NKvHead)} head groups, {spec.FfnSlices} FFN slices), both in process on this thread; and the fabric: edge and
             cloud silos co-hosted in this process over loopback TCP, every sub-block a grain on the edge silo (same cut, fp32 encodings, no link delay).
             figures: median tokens/s per contestant; ratio = fabric median / monolithic median; paired = median of per-round fabric/monolithic ratios.
             link: first half of the layers on the edge, the rest in the cloud, across an emulated constant {mbps} Mbit/s, {rtt} ms RTT link (delay applied
             by the call filters); crossings = one-way trips per decode token (2 per far-tier call).
             threads: in process {threads} intra-op threads (--threads); fabric {intraOp} intra-op thread(s) per grain call (--intra-op, Fabric:IntraOpThreads), a layer's sub-blocks in parallel on the thread pool.
             machine: {MachineInfo.Current()}
             """);

        var link = new LinkEmulator();
        await using var fabric = await FabricPair.Start(modelName, modelPath, args.GetInt("port", 11111), link,
            new Dictionary<string, string?> { ["Fabric:IntraOpThreads"] = intraOp.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await fabric.Client.SetPlan(modelName, (dims, s) => PartitionPlans.AllOn(Tier.Edge, dims, s));
        var perRound = await new FabricBench(loaded, fabric.Client, modelName, prompt, tokens, threads).Run(rounds, spec);
        var (mono, decomposed, grains) = (SampleStats.Of(perRound[0]), SampleStats.Of(perRound[1]), SampleStats.Of(perRound[2]));
        var paired = SampleStats.Of(perRound[2].Select((t, i) => t / perRound[0][i]).ToArray());

        link.Link = new ConstantLink(mbps, rtt);
        var (latencyMs, _, crossings) = await Decode(fabric, modelName, prompt, Math.Min(tokens, 8), (dims, s) => PartitionPlans.FirstLayersOnEdge(dims.Layers / 2, dims, s));

        Console.WriteLine($"{FabricBench.Monolithic}: {mono.Median:F1} tokens/s (p10 {mono.P10:F1}, p90 {mono.P90:F1})");
        Console.WriteLine($"{FabricBench.Decomposed}: {decomposed.Median:F1} tokens/s (p10 {decomposed.P10:F1}, p90 {decomposed.P90:F1}) = {decomposed.Median / mono.Median:F2}x");
        Console.WriteLine($"{FabricBench.Fabric}: {grains.Median:F1} tokens/s (p10 {grains.P10:F1}, p90 {grains.P90:F1}) = {grains.Median / mono.Median:F2}x; paired {paired.Median:F2}x (p10 {paired.P10:F2}, p90 {paired.P90:F2})");
        Console.WriteLine($"half the layers across the link: {latencyMs:F1} ms per decode token, {crossings:F1} crossings per token");
        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = modelPath, tokens, rounds, threads, intraOpThreads = intraOp,
                inProcessTokensPerSecond = mono.Median, decomposedTokensPerSecond = decomposed.Median, fabricTokensPerSecond = grains.Median,
                ratio = grains.Median / mono.Median, pairedRatio = paired.Median, decomposedRatio = decomposed.Median / mono.Median,
                link = new { mbps, rttMs = rtt, msPerToken = latencyMs, crossingsPerToken = crossings },
            }));
        return 0;
    }

    private static async Task<(double MsPerToken, double TokensPerSecond, double CrossingsPerToken)> Decode(
        FabricPair fabric, string model, string prompt, int tokens, Func<ModelDimensions, DecompositionSpec, PartitionPlan> rule)
    {
        await fabric.Client.SetPlan(model, rule);
        var clock = new Stopwatch();
        var steps = new List<TokenStep>();
        await foreach (var step in fabric.Client.Generate(model, new GenerationRequest(prompt, tokens)))
        {
            if (steps.Count == 0)
                clock.Start();
            steps.Add(step);
        }

        var decode = steps.Skip(1).ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        return (1000 * seconds / decode.Length, decode.Length / seconds, decode.Average(s => 2.0 * s.Link.FarCalls));
    }

    /// <summary>A random-weight model of a named shape (byte vocabulary) written to a temp folder; shared with bench emulation.</summary>
    /// <param name="context">the written model's context (n_ctx) instead of the shape's; null: the shape's.</param>
    internal static TempModel RandomModel(string shape, int? context = null)
    {
        var config = shape switch
        {
            "gpt2-small" => Gpt2Config.Gpt2Small with { VocabSize = 256 },
            _ => throw new CliUsageException($"unknown shape '{shape}' (gpt2-small)"),
        };
        if (context is { } n)
            config = config with { NCtx = n };
        var temp = new TempModel();
        using var model = Gpt2Model.Random(config, seed: 1);
        File.WriteAllText(System.IO.Path.Combine(temp.Path, "config.json"), config.ToHfJson());
        SafetensorsWriter.Write(System.IO.Path.Combine(temp.Path, "model.safetensors"),
            model.Weights.Select(kv => KeyValuePair.Create(kv.Key, (TorchSharp.torch.Tensor)kv.Value)),
            metadata: new Dictionary<string, string> { ["tokenizer"] = "bytes" });
        return temp;
    }

    internal sealed class TempModel : IDisposable
    {
        public TempModel() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "splitwise-bench-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }
}
