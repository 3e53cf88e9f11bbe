namespace Splitwise.Testbed.Learning;

/// <summary>
/// The controller network's forward pass in plain C#: what decides at run time (no TorchSharp) and what samples the
/// training rollouts. Every buffer is allocated once, for up to <c>maxLayers</c> layers: a pass allocates nothing.
/// <see cref="Encode"/> runs the encoder and the high-level and value heads; <see cref="RunLayers"/> runs the LSTM
/// across the layers for a chosen offload bucket and codec and leaves each layer's attention and FFN logits.
/// The LSTM's input weights on the encoded state, codec and offload are applied once per pass (they are the same for
/// every layer); only the depth and edge-part inputs change per layer.
/// </summary>
public sealed class PolicyForward
{
    private readonly NetworkShape _s;
    private readonly float[] _enc1W, _enc1B, _enc2W, _enc2B, _offW, _offB, _codecW, _codecB, _valueW, _valueB, _wi, _wh, _lb, _attW, _attB, _ffnW, _ffnB;
    private readonly float[] _h1, _h2, _base, _gates, _h, _c;

    public PolicyForward(PolicyWeights w, int maxLayers)
    {
        _s = w.Shape;
        (_enc1W, _enc1B, _enc2W, _enc2B) = (w["enc1.w"], w["enc1.b"], w["enc2.w"], w["enc2.b"]);
        (_offW, _offB, _codecW, _codecB, _valueW, _valueB) = (w["offload.w"], w["offload.b"], w["codec.w"], w["codec.b"], w["value.w"], w["value.b"]);
        (_wi, _wh, _lb) = (w["lstm.wi"], w["lstm.wh"], w["lstm.b"]);
        (_attW, _attB, _ffnW, _ffnB) = (w["attention.w"], w["attention.b"], w["ffn.w"], w["ffn.b"]);
        _h1 = new float[_s.Hidden];
        _h2 = new float[_s.Hidden];
        _base = new float[4 * _s.LstmHidden];
        _gates = new float[4 * _s.LstmHidden];
        _h = new float[_s.LstmHidden];
        _c = new float[_s.LstmHidden];
        OffloadLogits = new float[_s.Offloads];
        CodecLogits = new float[_s.Codecs];
        AttentionLogits = new float[maxLayers * ActionSpace.AttentionBuckets];
        FfnLogits = new float[maxLayers * ActionSpace.FfnModes];
        MaxLayers = maxLayers;
    }

    public int MaxLayers { get; }

    public float[] OffloadLogits { get; }

    public float[] CodecLogits { get; }

    /// <summary>Layer l's attention logits at [l x buckets, (l + 1) x buckets).</summary>
    public float[] AttentionLogits { get; }

    /// <summary>Layer l's FFN logits at [l x modes, (l + 1) x modes).</summary>
    public float[] FfnLogits { get; }

    public float Value { get; private set; }

    public void Encode(ReadOnlySpan<float> features)
    {
        Dense(_enc1W, _enc1B, features[.._s.Features], _h1, tanh: true);
        Dense(_enc2W, _enc2B, _h1, _h2, tanh: true);
        Dense(_offW, _offB, _h2, OffloadLogits, tanh: false);
        Dense(_codecW, _codecB, _h2, CodecLogits, tanh: false);
        Span<float> v = stackalloc float[1];
        Dense(_valueW, _valueB, _h2, v, tanh: false);
        Value = v[0];
    }

    /// <summary>After <see cref="Encode"/>: the low level across <paramref name="layers"/> layers, given the high-level choices.</summary>
    public void RunLayers(int offload, int codec, int layers, int edgeLayers)
    {
        if (layers > MaxLayers)
            throw new ArgumentException($"{layers} layers, the forward pass was sized for {MaxLayers}");
        int hs = _s.LstmHidden, inputs = _s.LstmInput, hidden = _s.Hidden;
        var offloadShare = (float)offload / (ActionSpace.OffloadBuckets - 1);
        int depthColumn = hidden + _s.Codecs + 1, edgeColumn = depthColumn + 1;
        // Input columns: [encoded state (hidden) | codec one-hot | offload share | depth | in edge part].
        for (var r = 0; r < 4 * hs; r++)
        {
            var row = _wi.AsSpan(r * inputs, inputs);
            var sum = _lb[r] + row[hidden + codec] + row[hidden + _s.Codecs] * offloadShare;
            for (var k = 0; k < hidden; k++)
                sum += row[k] * _h2[k];
            _base[r] = sum;
        }

        Array.Clear(_h);
        Array.Clear(_c);
        for (var l = 0; l < layers; l++)
        {
            var depth = (float)l / layers;
            var edge = l < edgeLayers ? 1f : 0f;
            for (var r = 0; r < 4 * hs; r++)
            {
                var sum = _base[r] + _wi[r * inputs + depthColumn] * depth + _wi[r * inputs + edgeColumn] * edge;
                var row = _wh.AsSpan(r * hs, hs);
                for (var k = 0; k < hs; k++)
                    sum += row[k] * _h[k];
                _gates[r] = sum;
            }

            for (var k = 0; k < hs; k++)
            {
                var i = Sigmoid(_gates[k]);
                var f = Sigmoid(_gates[hs + k]);
                var g = MathF.Tanh(_gates[2 * hs + k]);
                var o = Sigmoid(_gates[3 * hs + k]);
                _c[k] = f * _c[k] + i * g;
                _h[k] = o * MathF.Tanh(_c[k]);
            }

            Dense(_attW, _attB, _h, AttentionLogits.AsSpan(l * ActionSpace.AttentionBuckets, ActionSpace.AttentionBuckets), tanh: false);
            Dense(_ffnW, _ffnB, _h, FfnLogits.AsSpan(l * ActionSpace.FfnModes, ActionSpace.FfnModes), tanh: false);
        }
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    private static void Dense(float[] w, float[] b, ReadOnlySpan<float> x, Span<float> y, bool tanh)
    {
        var n = x.Length;
        for (var r = 0; r < y.Length; r++)
        {
            var row = w.AsSpan(r * n, n);
            var sum = b[r];
            for (var k = 0; k < n; k++)
                sum += row[k] * x[k];
            y[r] = tanh ? MathF.Tanh(sum) : sum;
        }
    }
}
