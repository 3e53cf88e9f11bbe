namespace Splitwise.Testbed.Learning;

/// <summary>How the FFN of one layer runs: wholly on the edge, wholly in the cloud, or split (W1 on the edge, W2 in the cloud).</summary>
public enum FfnMode : byte
{
    Edge = 0,
    Cloud = 1,
    Split = 2,
}

/// <summary>
/// Which controller is trained: the full one, or an ablation of the issue: without the Lyapunov queue terms in the
/// reward, with one tier per layer (same learner, the layer's attention and FFN on one tier), or with the scenario's
/// codec only.
/// </summary>
public enum Ablation
{
    None,
    NoLyapunov,
    Layerwise,
    FixedCodec,
}

/// <summary>
/// The hierarchical action space, the same for every model (any layer count, any number of head groups).
/// High level, per epoch: how much to offload (<see cref="OffloadBuckets"/> buckets: bucket b sends the last
/// round(b / (buckets - 1) x L) layers wholly to the cloud; the other layers are the edge part) and the boundary codec.
/// Low level, per layer of the edge part (an LSTM across the layers emits it): the share of the layer's attention
/// head groups on the edge (<see cref="AttentionBuckets"/> buckets: a / (buckets - 1) of the groups, rounded) and the
/// FFN mode. Layers of the cloud part take no low-level decision.
/// </summary>
public static class ActionSpace
{
    public const int OffloadBuckets = 9;

    public const int AttentionBuckets = 5;

    public const int FfnModes = 3;

    public static IReadOnlyList<string> Codecs { get; } = ["fp32", "fp16", "int8", "int4"];

    /// <summary>Layers in the edge part for an offload bucket: L minus the offloaded share, rounded.</summary>
    public static int EdgeLayers(int offload, int layers)
    {
        if (offload < 0 || offload >= OffloadBuckets)
            throw new ArgumentOutOfRangeException(nameof(offload), offload, $"an offload bucket is in [0, {OffloadBuckets})");
        return layers - (int)Math.Round((double)offload * layers / (OffloadBuckets - 1), MidpointRounding.AwayFromZero);
    }

    /// <summary>Head groups on the edge for an attention bucket.</summary>
    public static int EdgeGroups(int attention, int groups) =>
        (int)Math.Round((double)attention * groups / (AttentionBuckets - 1), MidpointRounding.AwayFromZero);

    /// <summary>Index of a codec in <see cref="Codecs"/>.</summary>
    /// <exception cref="ArgumentException">a codec the controller does not choose from.</exception>
    public static int CodecIndex(string codec)
    {
        for (var i = 0; i < Codecs.Count; i++)
            if (string.Equals(Codecs[i], codec, StringComparison.OrdinalIgnoreCase))
                return i;
        throw new ArgumentException($"codec '{codec}' is not one the controller chooses from: {string.Join(", ", Codecs)}");
    }

    /// <summary>The codecs an ablation may choose (false = masked): the scenario's alone for <see cref="Ablation.FixedCodec"/>.</summary>
    public static bool[] CodecMask(Ablation ablation, string scenarioCodec)
    {
        var fixedIndex = CodecIndex(scenarioCodec);
        return Codecs.Select((_, i) => ablation != Ablation.FixedCodec || i == fixedIndex).ToArray();
    }

    /// <summary>The attention buckets an ablation may choose: none or all of the groups for <see cref="Ablation.Layerwise"/>.</summary>
    public static bool[] AttentionMask(Ablation ablation) =>
        Enumerable.Range(0, AttentionBuckets).Select(a => ablation != Ablation.Layerwise || a == 0 || a == AttentionBuckets - 1).ToArray();

    /// <summary>With <see cref="Ablation.Layerwise"/> the FFN is not chosen: it follows the attention (all on the edge, or all in the cloud).</summary>
    public static FfnMode TiedFfn(int attention) => attention == AttentionBuckets - 1 ? FfnMode.Edge : FfnMode.Cloud;
}
