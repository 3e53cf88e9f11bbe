using Splitwise.Inference.Codecs;
using Splitwise.Inference.Decomposition;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Evaluation;

public sealed record CodecQualityResult(string Codec, double BitsPerByte, double Top1Agreement, double BytesPerTokenPerBoundary, long Predictions);

/// <summary>
/// What a boundary codec costs in accuracy when the residual stream crosses it at every layer
/// boundary: held-out bits per byte, and teacher-forced top-1 (greedy) agreement with the same model
/// without any codec, on the same non-overlapping windows.
/// </summary>
public static class CodecQuality
{
    public static IReadOnlyList<CodecQualityResult> Measure(
        DecomposedTransformer model, IReadOnlyList<IActivationCodec> codecs, ReadOnlySpan<byte> text, int window, int windows)
    {
        windows = Math.Min(windows, text.Length / window);
        var tokenWindows = new int[windows][];
        for (var w = 0; w < windows; w++)
            tokenWindows[w] = text.Slice(w * window, window).ToArray().Select(b => (int)b).ToArray();
        model.LayerBoundary = null;
        var baseline = tokenWindows.Select(tokens => Run(model, tokens).Argmax).ToArray();

        var results = new List<CodecQualityResult>();
        try
        {
            foreach (var codec in codecs)
            {
                long bytes = 0, rows = 0;
                model.LayerBoundary = x =>
                {
                    var encoded = codec.Encode(x);
                    bytes += encoded.Length;
                    rows += x.shape[0];
                    return codec.DecodeToTensor(encoded);
                };
                double nats = 0;
                long agree = 0, predictions = 0;
                for (var w = 0; w < windows; w++)
                {
                    var (argmax, windowNats) = Run(model, tokenWindows[w]);
                    nats += windowNats;
                    agree += argmax.Zip(baseline[w]).Count(p => p.First == p.Second);
                    predictions += argmax.Length;
                }

                results.Add(new CodecQualityResult(codec.Name, nats / predictions / Math.Log(2), (double)agree / predictions, (double)bytes / rows, predictions));
            }
        }
        finally
        {
            model.LayerBoundary = null;
        }

        return results;
    }

    private static (long[] Argmax, double Nats) Run(DecomposedTransformer model, int[] tokens)
    {
        using var scope = NewDisposeScope();
        using var session = model.StartSession();
        var logits = session.Forward(tokens).narrow(0, 0, tokens.Length - 1);
        var targets = tensor(tokens.Skip(1).Select(t => (long)t).ToArray());
        var nats = cross_entropy(logits, targets, reduction: TorchSharp.torch.nn.Reduction.Sum).item<float>();
        return (logits.argmax(1).data<long>().ToArray(), nats);
    }
}
