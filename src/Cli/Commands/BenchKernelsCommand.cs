using Splitwise.Testbed.Cost;
using Splitwise.Cli.Bench;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Per-sub-block compute time on this machine, with each call's FLOPs and bytes next to it, so the
/// cost model can be calibrated from the JSON alone.
/// </summary>
public sealed class BenchKernelsCommand : ICliCommand
{
    public string Name => "bench kernels";

    public string Summary => "per-sub-block prefill/decode time";

    public void Declare(CliSpec spec) => spec
        .Text("models", "comma-separated shapes (default bundled,gpt2-small)")
        .Text("prefill", "comma-separated prefill lengths (default 64,256)")
        .Text("contexts", "comma-separated decode contexts")
        .Int("reps", "repetitions per kernel (default 15)", min: 1)
        .Int("warmup", "warm-up repetitions (default 3)", min: 0)
        .Int("threads", "TorchSharp threads (default: every core)", min: 1)
        .Int("seed", "random weights seed (default 1)")
        .Json();

    public int Run(CliArgs args)
    {
        var threads = BenchOutput.SetThreads(args);
        var seed = args.GetInt("seed", 1);
        var reps = args.GetInt("reps", 15);
        var warmup = args.GetInt("warmup", 3);
        if (reps <= 0 || warmup < 0)
            throw new CliUsageException("--reps must be positive and --warmup not negative");
        var prefill = BenchOutput.IntList(args, "prefill") ?? [64, 256];
        var contexts = BenchOutput.IntList(args, "contexts");
        var machine = MachineInfo.Current();
        BenchOutput.PrintMethod(
            $"""
             bench kernels: wall-clock time of one call of each sub-block kind of layer 0, run alone in process (TorchSharp, fp32, no_grad).
             prefill: T new tokens from an empty KV cache (T = {string.Join(", ", prefill)}); decode: 1 new token attending over C keys (cache pre-filled with C-1 random positions outside the timing; C = {(contexts is null ? "64 and context/2" : string.Join(", ", contexts))}).
             kinds: attention head group (default group and 1 KV head), FFN slice (default width, up then down), FFN up part, FFN down part, embedding, per-layer glue (2 norms + 2 biased sum starts), LM head (final norm + logits); then, apart from any shape, weight streams (1 token x 1024 x 64..32768 fp32 weights).
             repetitions: {warmup} untimed warm-up calls, then {reps} timed calls; median, p10, p90 (linear interpolation); temporaries are freed after each call, outside the timing.
             FLOPs: 2 per multiply-add, 1 per bias/sum element, ~{SubBlockWorkModel.NormFlopsPerElement} per norm element; bytes: fp32 weights + KV cache (write new, read all) + activations in/out.
             machine: {machine}
             """);

        var all = new List<KernelMeasurement>();
        foreach (var shapeName in BenchModel.ShapeNames(args))
        {
            using var model = BenchModel.RandomGpt2(shapeName, seed);
            var options = new KernelBenchOptions(prefill, contexts ?? [64, model.Shape.MaxSeqLen / 2], warmup, reps, seed);
            Console.WriteLine($"{model.Name}: {model.Shape}");
            KernelTable.PrintHeader();
            all.AddRange(new KernelBench(shapeName, model.Reader, options).Run(KernelTable.PrintRow));
        }

        Console.WriteLine($"{StreamSweep.Model}: weight streams, 1 token x 1024 rows x 64..32768 columns");
        KernelTable.PrintHeader();
        all.AddRange(StreamSweep.Run(warmup, reps, seed, KernelTable.PrintRow));

        if (args.Json)
            BenchOutput.PrintJson(new { bench = "kernels", machine, threads, warmup, repetitions = reps, seed, unit = "ms per call", kernels = all });
        return 0;
    }
}
