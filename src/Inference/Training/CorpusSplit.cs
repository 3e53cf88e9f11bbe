namespace Splitwise.Inference.Training;

/// <summary>The train / held-out cut of a corpus: the last fraction is held out, never trained on.</summary>
public static class CorpusSplit
{
    public const double DefaultHeldOutFraction = 0.05;

    public static (ReadOnlyMemory<byte> Train, ReadOnlyMemory<byte> HeldOut) Split(byte[] corpus, double heldOutFraction = DefaultHeldOutFraction)
    {
        var cut = (int)(corpus.Length * (1 - heldOutFraction));
        return (corpus.AsMemory(0, cut), corpus.AsMemory(cut));
    }
}
