namespace Splitwise.Testbed.Learning;

/// <summary>
/// The controller network's sizes: the state encoder (an MLP of two <see cref="Hidden"/>-wide tanh layers over
/// <see cref="StateFeatures"/>), the high-level heads (offload bucket, codec) and the value head on its output, and the
/// low level: an LSTM (<see cref="LstmHidden"/> units) that runs across the layers, fed per layer the encoded state,
/// the chosen codec (one-hot), the offload share, the layer's depth (l / L) and whether it is in the edge part, with
/// an attention-bucket head and an FFN-mode head. Nothing depends on the layer count.
/// </summary>
public sealed record NetworkShape(int Features = StateFeatures.Count, int Hidden = 64, int LstmHidden = 32)
{
    public int Offloads => ActionSpace.OffloadBuckets;

    public int Codecs => ActionSpace.Codecs.Count;

    public int LstmInput => Hidden + Codecs + 3;

    /// <summary>Every weight tensor by name and shape, in file order (matrices are [out, in], row-major).</summary>
    public IReadOnlyList<(string Name, int[] Shape)> Tensors =>
    [
        ("enc1.w", [Hidden, Features]), ("enc1.b", [Hidden]),
        ("enc2.w", [Hidden, Hidden]), ("enc2.b", [Hidden]),
        ("offload.w", [Offloads, Hidden]), ("offload.b", [Offloads]),
        ("codec.w", [Codecs, Hidden]), ("codec.b", [Codecs]),
        ("value.w", [1, Hidden]), ("value.b", [1]),
        // LSTM gates in PyTorch's order: input, forget, cell, output.
        ("lstm.wi", [4 * LstmHidden, LstmInput]), ("lstm.wh", [4 * LstmHidden, LstmHidden]), ("lstm.b", [4 * LstmHidden]),
        ("attention.w", [ActionSpace.AttentionBuckets, LstmHidden]), ("attention.b", [ActionSpace.AttentionBuckets]),
        ("ffn.w", [ActionSpace.FfnModes, LstmHidden]), ("ffn.b", [ActionSpace.FfnModes]),
    ];

    public int ParameterCount => Tensors.Sum(t => t.Shape.Aggregate(1, (a, b) => a * b));
}
