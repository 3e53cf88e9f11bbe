using System.Diagnostics;
using System.Text.Json;
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

    public string Summary => "decode tokens/s through grains vs in process; latency across an emulated link [--model PATH | --shape gpt2-small] [--tokens 32 --link-mbps 20 --rtt-ms 40]";

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

        Console.WriteLine("method: greedy decode of the same prompt; tokens/s over decode steps only (the prompt step excluded), wall clock, second of two runs,");
        Console.WriteLine($"  {tokens} new tokens; in-process = the monolithic reference forward; fabric = edge and cloud silos co-hosted in this");
        Console.WriteLine("  process over loopback TCP with every sub-block on the edge silo (grain calls, fp32 encodings, no link delay);");
        Console.WriteLine($"  link = first half of the layers on the edge, the rest in the cloud, across an emulated constant {mbps} Mbit/s, {rtt} ms RTT link");
        Console.WriteLine("  (delay applied by the call filters); crossings = one-way trips per decode token (2 per far-tier call).");

        double inProcess;
        using (var loaded = ModelLoader.Open(modelPath))
        using (var reference = loaded.LoadReference())
        {
            var promptTokens = loaded.Tokenizer.Encode(prompt);
            inProcess = 0;

            // Twice, keeping the second: the first pays for JIT and allocator warm-up (the fabric's first
            // generation pays the same, and then the all-edge measurement is its second).
            for (var run = 0; run < 2; run++)
            {
                var clock = new Stopwatch();
                var n = 0;
                foreach (var _ in TextGenerator.Generate(reference, promptTokens, tokens, SamplingOptions.Greedy))
                {
                    if (n++ == 0)
                        clock.Start();
                }

                inProcess = (n - 1) / clock.Elapsed.TotalSeconds;
            }
        }

        var link = new LinkEmulator();
        await using var fabric = await FabricPair.Start(modelName, modelPath, args.GetInt("port", 11111), link);
        await Decode(fabric, modelName, prompt, tokens, (dims, spec) => PartitionPlans.AllOn(Tier.Edge, dims, spec));
        var (_, fabricRate, _) = await Decode(fabric, modelName, prompt, tokens, (dims, spec) => PartitionPlans.AllOn(Tier.Edge, dims, spec));

        link.Link = new ConstantLink(mbps, rtt);
        var (latencyMs, _, crossings) = await Decode(fabric, modelName, prompt, Math.Min(tokens, 8), (dims, spec) => PartitionPlans.FirstLayersOnEdge(dims.Layers / 2, dims, spec));

        Console.WriteLine($"in-process: {inProcess:F1} tokens/s; fabric (one silo): {fabricRate:F1} tokens/s = {fabricRate / inProcess:F2}x");
        Console.WriteLine($"half the layers across the link: {latencyMs:F1} ms per decode token, {crossings:F1} crossings per token");
        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(new { model = modelPath, tokens, inProcessTokensPerSecond = inProcess, fabricTokensPerSecond = fabricRate, ratio = fabricRate / inProcess, link = new { mbps, rttMs = rtt, msPerToken = latencyMs, crossingsPerToken = crossings } }));
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
    internal static TempModel RandomModel(string shape)
    {
        var config = shape switch
        {
            "gpt2-small" => Gpt2Config.Gpt2Small with { VocabSize = 256 },
            _ => throw new CliUsageException($"unknown shape '{shape}' (gpt2-small)"),
        };
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
