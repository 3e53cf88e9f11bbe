using TorchSharp;

namespace Splitwise.Inference.Formats;

public static class TensorSourceExtensions
{
    /// <summary>The whole tensor, after checking its shape.</summary>
    public static torch.Tensor Read(this ITensorSource source, string name, params long[] expectedShape)
    {
        source.CheckShape(name, expectedShape);
        return source.ReadRows(name, 0, expectedShape[0]);
    }

    /// <exception cref="ShapeMismatchException">the stored shape differs.</exception>
    public static void CheckShape(this ITensorSource source, string name, params long[] expectedShape)
    {
        var actual = source.Info(name).Shape;
        if (!actual.SequenceEqual(expectedShape))
            throw new ShapeMismatchException(source.ToString() ?? "model", name, expectedShape, actual);
    }

    /// <summary>
    /// The first of <paramref name="candidates"/> the source holds; checkpoints of one family differ in
    /// prefixes (e.g. "transformer.h.0..." vs "h.0...").
    /// </summary>
    public static string Resolve(this ITensorSource source, params string[] candidates) =>
        candidates.FirstOrDefault(source.Contains)
        ?? throw new MissingTensorException(source.ToString() ?? "model", candidates[0]);
}
