using Splitwise.Inference.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Evaluation;

/// <summary>
/// Held-out bits per byte of a byte-vocabulary model: the text is cut into non-overlapping windows
/// of the context length; in each window every byte after the first is predicted from the bytes
/// before it in that window. Mean cross-entropy in nats / ln 2.
/// </summary>
public static class BitsPerByte
{
    public static double Measure(ICausalLm model, ReadOnlySpan<byte> text, int window, int? maxWindows = null)
    {
        if (window < 2)
            throw new ArgumentOutOfRangeException(nameof(window), window, "a window needs at least 2 bytes");
        double nats = 0;
        long predicted = 0;
        var windows = text.Length / window;
        if (maxWindows is { } cap)
            windows = Math.Min(windows, cap);
        for (var w = 0; w < windows; w++)
        {
            var tokens = new int[window];
            for (var i = 0; i < window; i++)
                tokens[i] = text[w * window + i];
            using var scope = NewDisposeScope();
            using var session = model.StartSession();
            var logits = session.Forward(tokens);
            var targets = tensor(tokens.Skip(1).Select(t => (long)t).ToArray());
            var loss = cross_entropy(logits.narrow(0, 0, window - 1), targets, reduction: TorchSharp.torch.nn.Reduction.Sum);
            nats += loss.item<float>();
            predicted += window - 1;
        }

        return nats / predicted / Math.Log(2);
    }
}
