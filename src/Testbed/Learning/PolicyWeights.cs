namespace Splitwise.Testbed.Learning;

/// <summary>The controller network's weights as plain arrays, one per tensor of <see cref="NetworkShape.Tensors"/>, in that order.</summary>
public sealed class PolicyWeights
{
    /// <summary>The safe start's logit bias: e^3 / (e^3 + 8) = 72% of the first policy's offload choices on the safe bucket.</summary>
    public const float SafeBias = 3;

    private readonly Dictionary<string, float[]> _byName;

    public PolicyWeights(NetworkShape shape, IReadOnlyList<float[]> tensors)
    {
        Shape = shape;
        var specs = shape.Tensors;
        if (tensors.Count != specs.Count)
            throw new ArgumentException($"{specs.Count} weight tensors expected, got {tensors.Count}");
        _byName = [];
        for (var i = 0; i < specs.Count; i++)
        {
            var size = specs[i].Shape.Aggregate(1, (a, b) => a * b);
            if (tensors[i].Length != size)
                throw new ArgumentException($"tensor {specs[i].Name} holds {tensors[i].Length} values, its shape needs {size}");
            _byName[specs[i].Name] = tensors[i];
        }

        Tensors = tensors;
    }

    public NetworkShape Shape { get; }

    /// <summary>In <see cref="NetworkShape.Tensors"/> order.</summary>
    public IReadOnlyList<float[]> Tensors { get; }

    public float[] this[string name] => _byName[name];

    /// <summary>
    /// Fresh weights from a seed: uniform in +-1/sqrt(fan in) (PyTorch's default for linear layers), the policy heads
    /// scaled by 0.01 so the first policy is near uniform (CleanRL's init), biases 0 except the LSTM forget gate at 1, and
    /// the optional safe start: a bias of <see cref="SafeBias"/> on one offload bucket (all offloaded: the plan that keeps the
    /// queue bounded, where a uniform first policy puts a third of the model on a phone and the queue grows without
    /// bound) and on one codec (the scenario's), so exploration starts from cloud-only; and <paramref name="layerBias"/> on the
    /// low level's "every head group on the edge" and "FFN on the edge", so the edge part starts whole on the edge and the
    /// offload bucket acts as a layer cut (a uniform low level scatters crossings over the edge part: each costs a round trip
    /// per token).
    /// </summary>
    public static PolicyWeights Initial(NetworkShape shape, int seed, int? safeOffload = null, int? safeCodec = null, float layerBias = 0)
    {
        var random = new Random(seed);
        var tensors = new List<float[]>();
        foreach (var (name, dims) in shape.Tensors)
        {
            var t = new float[dims.Aggregate(1, (a, b) => a * b)];
            if (dims.Length == 2)
            {
                var scale = 1 / Math.Sqrt(dims[1]) * (name is "offload.w" or "codec.w" or "attention.w" or "ffn.w" ? 0.01 : 1);
                for (var i = 0; i < t.Length; i++)
                    t[i] = (float)((2 * random.NextDouble() - 1) * scale);
            }
            else if (name == "lstm.b")
            {
                for (var i = shape.LstmHidden; i < 2 * shape.LstmHidden; i++)
                    t[i] = 1;
            }

            if (name == "offload.b" && safeOffload is { } o)
                t[o] = SafeBias;
            if (name == "codec.b" && safeCodec is { } c)
                t[c] = SafeBias;
            if (name == "attention.b")
                t[ActionSpace.AttentionBuckets - 1] = layerBias;
            if (name == "ffn.b")
                t[(int)FfnMode.Edge] = layerBias;
            tensors.Add(t);
        }

        return new PolicyWeights(shape, tensors);
    }
}
