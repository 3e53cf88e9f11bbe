namespace Splitwise.Testbed.Learning;

/// <summary>
/// What an ablation may choose (<see cref="ActionSpace"/>): the codecs, the attention buckets, and whether the FFN is
/// tied to the attention (one tier per layer). Sampling and the greedy choice both live here so training and the
/// run-time policy pick the same way.
/// </summary>
public sealed class ActionMasks
{
    private static readonly bool[] AllOffloads = Enumerable.Repeat(true, ActionSpace.OffloadBuckets).ToArray();
    private static readonly bool[] AllFfn = Enumerable.Repeat(true, ActionSpace.FfnModes).ToArray();

    public ActionMasks(Ablation ablation, string scenarioCodec)
    {
        Codec = ActionSpace.CodecMask(ablation, scenarioCodec);
        Attention = ActionSpace.AttentionMask(ablation);
        TiedFfn = ablation == Ablation.Layerwise;
    }

    public bool[] Codec { get; }

    public bool[] Attention { get; }

    public bool TiedFfn { get; }

    /// <summary>
    /// One decision from a forward pass already <see cref="PolicyForward.Encode"/>d: the argmax of every head
    /// (<paramref name="random"/> null) or a sample. Fills the per-layer choices (cloud-part layers: 0 and
    /// <see cref="FfnMode.Cloud"/>) and returns the joint log-probability of the sampled choices.
    /// </summary>
    public double Choose(PolicyForward f, int layers, Random? random, out int offload, out int codec, Span<byte> attention, Span<byte> ffn)
    {
        offload = Pick(f.OffloadLogits, AllOffloads, random);
        codec = Pick(f.CodecLogits, Codec, random);
        var logp = Categorical.LogProb(f.OffloadLogits, AllOffloads, offload) + Categorical.LogProb(f.CodecLogits, Codec, codec);
        var edge = ActionSpace.EdgeLayers(offload, layers);
        f.RunLayers(offload, codec, layers, edge);
        for (var l = 0; l < layers; l++)
        {
            if (l >= edge)
            {
                (attention[l], ffn[l]) = (0, (byte)FfnMode.Cloud);
                continue;
            }

            var a = f.AttentionLogits.AsSpan(l * ActionSpace.AttentionBuckets, ActionSpace.AttentionBuckets);
            var choice = Pick(a, Attention, random);
            attention[l] = (byte)choice;
            logp += Categorical.LogProb(a, Attention, choice);
            if (TiedFfn)
            {
                ffn[l] = (byte)ActionSpace.TiedFfn(choice);
                continue;
            }

            var m = f.FfnLogits.AsSpan(l * ActionSpace.FfnModes, ActionSpace.FfnModes);
            var mode = Pick(m, AllFfn, random);
            ffn[l] = (byte)mode;
            logp += Categorical.LogProb(m, AllFfn, mode);
        }

        return logp;
    }

    private static int Pick(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Random? random) =>
        random is null ? Categorical.Argmax(logits, mask) : Categorical.Sample(logits, mask, random);
}
