using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Splitwise.Cli.Bench;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Grains.SubBlocks;
using Splitwise.Inference.Models;

namespace Splitwise.Cli.Commands;

/// <summary>
/// What partition checkpoints cost: decode tokens/s with checkpoints off, in memory and in files, on three fabric
/// pairs running side by side (rounds interleaved), and the checkpoints' size and write time per token.
/// </summary>
public sealed class BenchCheckpointCommand : ICliCommand
{
    public string Name => "bench checkpoint";

    public string Summary => "decode tokens/s with partition checkpoints off / memory / files; checkpoint size and write time per token";

    public void Declare(CliSpec spec) => spec
        .Text("model", "model folder (default: the bundled model)")
        .Int("tokens", "decode tokens per round (default 48)", min: 2)
        .Int("rounds", "timed rounds (default 5)", min: 1)
        .Int("every", "checkpoint every N tokens, memory and files (default 8)", min: 1)
        .Int("port", "first silo port; the three pairs use six from it (default 11411)", min: 1, max: 65530)
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        var tokens = args.GetInt("tokens", 48);
        var rounds = args.GetInt("rounds", 5);
        var every = args.GetInt("every", 8);
        var port = args.GetInt("port", 11411);
        if (tokens < 2 || rounds < 1 || every < 1)
            throw new CliUsageException("--tokens must be at least 2, --rounds and --every positive");
        var modelPath = args.Get("model") ?? ModelLoader.LocateBundled();
        const string model = "bench";
        const string prompt = "In the beginning God created";
        var state = Path.Combine(Path.GetTempPath(), "splitwise-bench-checkpoints-" + Guid.NewGuid().ToString("N"));
        string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
        (string Name, Dictionary<string, string?> Settings)[] configs =
        [
            ("off", new() { ["Fabric:Checkpoint:EveryTokens"] = "0", ["Fabric:StateDirectory"] = Path.Combine(state, "off") }),
            ("memory", new() { ["Fabric:Checkpoint:EveryTokens"] = Text(every), ["Fabric:Checkpoint:Store"] = "memory", ["Fabric:StateDirectory"] = Path.Combine(state, "memory") }),
            ("files", new() { ["Fabric:Checkpoint:EveryTokens"] = Text(every), ["Fabric:Checkpoint:Store"] = "durable", ["Fabric:StateDirectory"] = Path.Combine(state, "files") }),
        ];
        BenchOutput.PrintMethod(
            $"""
             bench checkpoint: greedy decode of the same prompt, {tokens} new tokens; tokens/s over the decode steps (prompt step excluded), wall clock.
             three fabric pairs (edge + cloud silo co-hosted in this process over loopback TCP, no link delay; plan and sessions stored in files, each pair its own folder),
             half the layers in the cloud, differing only in
             partition checkpoints: off; every {every} tokens to in-memory grain storage; every {every} tokens to files (durable store). {rounds} rounds after one
             untimed warm-up, the pairs' order rotating each round. figures: median tokens/s per store, overhead = 1 - store / off; checkpoint bytes and write
             time per token = CheckpointMeter totals of both silos (MessagePack + LZ4; each write holds the session's whole cache) / head-group positions covered.
             machine: {MachineInfo.Current()}
             """);

        var pairs = new List<FabricPair>();
        try
        {
            for (var i = 0; i < configs.Length; i++)
            {
                var pair = await FabricPair.Start(model, modelPath, port + 2 * i, new LinkEmulator(), configs[i].Settings);
                pairs.Add(pair);
                await pair.Client.SetPlan(model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(dims.Layers / 2, dims, spec));
                await Decode(pair, model, prompt, tokens);
            }

            var before = pairs.Select(Totals).ToArray();
            var speeds = configs.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < pairs.Count; k++)
                {
                    var i = (round + k) % pairs.Count;
                    speeds[i].Add(await Decode(pairs[i], model, prompt, tokens));
                }
            }

            var off = SampleStats.Of([.. speeds[0]]).Median;
            var rows = configs.Select((c, i) =>
            {
                var stats = SampleStats.Of([.. speeds[i]]);
                var t = Totals(pairs[i]) - before[i];
                return new
                {
                    store = c.Name, tokensPerSecond = stats.Median, p10 = stats.P10, p90 = stats.P90, overhead = 1 - stats.Median / off,
                    writes = t.Writes, bytesPerToken = t.Tokens == 0 ? 0 : (double)t.Bytes / t.Tokens, writeMsPerToken = t.Tokens == 0 ? 0 : t.WriteMs / t.Tokens,
                    bytesPerWrite = t.Writes == 0 ? 0 : (double)t.Bytes / t.Writes,
                };
            }).ToArray();
            foreach (var r in rows)
                Console.WriteLine($"{r.store,-7} {r.tokensPerSecond,7:F1} tokens/s (p10 {r.p10:F1}, p90 {r.p90:F1}), overhead {r.overhead:P1}; {r.writes} writes, "
                    + $"{r.bytesPerWrite:F0} bytes per write, {r.bytesPerToken:F0} bytes and {r.writeMsPerToken:F3} ms per head-group token");
            if (args.Json)
                Console.WriteLine(JsonSerializer.Serialize(new { model = modelPath, tokens, rounds, every, stores = rows }));
            return 0;
        }
        finally
        {
            foreach (var pair in pairs)
                await pair.DisposeAsync();
            if (Directory.Exists(state))
                Directory.Delete(state, recursive: true);
        }
    }

    private static Sum Totals(FabricPair pair)
    {
        var edge = pair.Services(Tier.Edge).GetRequiredService<CheckpointMeter>().Totals;
        var cloud = pair.Services(Tier.Cloud).GetRequiredService<CheckpointMeter>().Totals;
        return new Sum(edge.Writes + cloud.Writes, edge.Bytes + cloud.Bytes, edge.WriteMs + cloud.WriteMs, edge.Tokens + cloud.Tokens);
    }

    private static async Task<double> Decode(FabricPair pair, string model, string prompt, int tokens)
    {
        var clock = new Stopwatch();
        var count = 0;
        await foreach (var _ in pair.Client.Generate(model, new GenerationRequest(prompt, tokens)))
        {
            if (count++ == 0)
                clock.Start();
        }

        return (count - 1) / clock.Elapsed.TotalSeconds;
    }

    private readonly record struct Sum(long Writes, long Bytes, double WriteMs, long Tokens)
    {
        public static Sum operator -(Sum a, Sum b) => new(a.Writes - b.Writes, a.Bytes - b.Bytes, a.WriteMs - b.WriteMs, a.Tokens - b.Tokens);
    }
}
