using System.Text.Json;
using Splitwise.Inference.Codecs;
using Splitwise.Inference.Evaluation;
using Splitwise.Inference.Training;

namespace Splitwise.Cli.Commands;

/// <summary>Accuracy cost of each boundary codec on the bundled model's held-out text.</summary>
public sealed class BenchCodecsCommand : ICliCommand
{
    public string Name => "bench codecs";

    public string Summary => "held-out bits/byte and greedy agreement with each codec at every layer boundary";

    public void Declare(CliSpec spec)
    {
        spec
            .Text("corpus", "held-out text (default .cache/corpus/kjv.txt)")
            .Int("windows", "held-out windows (default 64)", min: 1);
        ModelOptions.Declare(spec);
    }

    public int Run(CliArgs args)
    {
        var corpusPath = args.Get("corpus", ".cache/corpus/kjv.txt");
        if (!File.Exists(corpusPath))
            throw new CliUsageException($"corpus '{corpusPath}' not found: run scripts/make-corpus.sh (or pass --corpus)");
        var windows = args.GetInt("windows", 64);
        using var model = ModelOptions.Open(args);
        using var decomposed = model.Decompose(ModelOptions.Spec(args, model.Shape));
        var (_, heldOut) = CorpusSplit.Split(File.ReadAllBytes(corpusPath));
        var window = model.Shape.MaxSeqLen;
        Console.WriteLine($"method: {model.Path} decomposed ({decomposed.Spec}); the residual stream is encoded and decoded by the codec at each of the {model.Shape.NLayer - 1} layer boundaries; held-out = last {CorpusSplit.DefaultHeldOutFraction:P0} of {corpusPath}, {windows} non-overlapping windows of {window} bytes; bits/byte = mean cross-entropy / ln 2 over every predicted byte; top-1 agreement = fraction of positions whose argmax equals the no-codec model's (teacher-forced).");

        var codecs = ActivationCodecs.Names.Select(ActivationCodecs.Get).ToList();
        var results = CodecQuality.Measure(decomposed, codecs, heldOut.Span, window, windows);
        Console.WriteLine($"{"codec",-6} {"bits/byte",10} {"top-1 agree",12} {"bytes/token",12}");
        foreach (var r in results)
            Console.WriteLine($"{r.Codec,-6} {r.BitsPerByte,10:F4} {r.Top1Agreement,12:P2} {r.BytesPerTokenPerBoundary,12:F1}");
        Console.WriteLine(JsonSerializer.Serialize(new { bench = "codecs", model = model.Path, spec = decomposed.Spec.ToString(), windows, window, results }));
        return 0;
    }
}
