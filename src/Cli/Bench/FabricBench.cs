using System.Diagnostics;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Cli.Bench;

/// <summary>
/// Decode tokens/s of three contestants generating the same greedy continuation, interleaved round by round
/// (the first contestant rotating), so that slow phases of a shared machine fall on all of them alike:
/// the monolithic reference and the in-process decomposed model (same cut as the fabric) on this thread, with
/// <c>inProcessThreads</c> intra-op threads, and
/// the fabric's grains. Each round times the decode steps only (the prompt step is excluded).
/// </summary>
public sealed class FabricBench(LoadedModel model, FabricClient fabric, string fabricModel, string prompt, int tokens, int inProcessThreads)
{
    public const string Monolithic = "in-process monolithic";
    public const string Decomposed = "in-process decomposed";
    public const string Fabric = "fabric (grains, one silo)";

    /// <returns>tokens/s per contestant per round, in the order <see cref="Monolithic"/>, <see cref="Decomposed"/>, <see cref="Fabric"/>.</returns>
    public async Task<List<double>[]> Run(int rounds, DecompositionSpec spec)
    {
        using var reference = model.LoadReference();
        using var decomposed = model.Decompose(spec);
        var promptTokens = model.Tokenizer.Encode(prompt);
        Func<double>[] contestants =
        [
            () => InProcess(reference, promptTokens),
            () => InProcess(decomposed, promptTokens),
            () => FabricRate().GetAwaiter().GetResult(),
        ];

        // One untimed round first: JIT, allocator and grain activation warm-up.
        foreach (var c in contestants)
            c();
        var perRound = contestants.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < contestants.Length; turn++)
            {
                var c = (round + turn) % contestants.Length;
                perRound[c].Add(contestants[c]());
            }
        }

        return perRound;
    }

    private double InProcess(ICausalLm lm, IReadOnlyList<int> promptTokens)
    {
        // libtorch's thread count is per thread, and the fabric's grains set their own: re-assert this thread's.
        TorchSharp.torch.set_num_threads(inProcessThreads);
        var clock = new Stopwatch();
        var n = 0;
        foreach (var _ in TextGenerator.Generate(lm, promptTokens, tokens, SamplingOptions.Greedy))
        {
            if (n++ == 0)
                clock.Start();
        }

        return (n - 1) / clock.Elapsed.TotalSeconds;
    }

    private async Task<double> FabricRate()
    {
        var clock = new Stopwatch();
        var n = 0;
        await foreach (var _ in fabric.Generate(fabricModel, new GenerationRequest(prompt, tokens)))
        {
            if (n++ == 0)
                clock.Start();
        }

        return (n - 1) / clock.Elapsed.TotalSeconds;
    }
}
