using Splitwise.Inference.Formats;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Models.Gpt2;

/// <summary>
/// GPT-2 (nanoGPT style): token + learned position embeddings, n_layer blocks, final LayerNorm,
/// LM head tied to the token embedding. The monolithic reference every decomposition is checked
/// against, and the model train-lm trains.
/// </summary>
public sealed class Gpt2Model : ICausalLm
{
    private readonly Dictionary<string, Parameter> _weights = new(StringComparer.Ordinal);
    private readonly Parameter _wte;
    private readonly Parameter _wpe;
    private readonly Gpt2Block[] _h;
    private readonly Parameter _lnFW;
    private readonly Parameter _lnFB;

    private Gpt2Model(Gpt2Config config, Func<string, long[], Tensor> create, bool trainable)
    {
        config.Validate();
        Config = config;
        Parameter Weight(string name, long[] shape)
        {
            var p = new Parameter(create(name, shape), trainable);
            _weights.Add(name, p);
            return p;
        }

        _wte = Weight("wte.weight", [config.VocabSize, config.DModel]);
        _wpe = Weight("wpe.weight", [config.NCtx, config.DModel]);
        _h = Enumerable.Range(0, config.NLayer).Select(i => new Gpt2Block(config, Weight, $"h.{i}.")).ToArray();
        _lnFW = Weight("ln_f.weight", [config.DModel]);
        _lnFB = Weight("ln_f.bias", [config.DModel]);
    }

    public Gpt2Config Config { get; }

    public TransformerShape Shape => Config.Shape;

    /// <summary>Weights in Hugging Face GPT-2 names and layout, e.g. for a safetensors file.</summary>
    public IReadOnlyDictionary<string, Parameter> Weights => _weights;

    /// <summary>GPT-2's initialisation: N(0, 0.02), residual projections scaled by 1/sqrt(2 n_layer).</summary>
    public static Gpt2Model Random(Gpt2Config config, long seed)
    {
        var generator = new Generator((ulong)seed);
        var residualStd = 0.02 / Math.Sqrt(2 * config.NLayer);
        return new Gpt2Model(config, (name, shape) => name switch
        {
            _ when name.EndsWith(".bias", StringComparison.Ordinal) => zeros(shape),
            _ when name.Contains("ln_", StringComparison.Ordinal) => ones(shape),
            _ when name.EndsWith("c_proj.weight", StringComparison.Ordinal) => normal(0, residualStd, shape, generator: generator),
            _ => normal(0, 0.02, shape, generator: generator),
        }, trainable: true);
    }

    /// <summary>Loads Hugging Face GPT-2 weights (with or without the "transformer." prefix).</summary>
    /// <param name="trainable">true to continue training from these weights.</param>
    public static Gpt2Model Load(Gpt2Config config, ITensorSource source, bool trainable = false) =>
        new(config, (name, shape) =>
        {
            var stored = source.Resolve(name, "transformer." + name);
            using var _ = no_grad();
            return source.Read(stored, shape);
        }, trainable);

    /// <summary>Training forward: idx [B, T] -> logits [B, T, vocab], no cache.</summary>
    public Tensor Forward(Tensor idx)
    {
        var t = idx.shape[1];
        var x = _wte[idx] + _wpe.narrow(0, 0, t);
        foreach (var block in _h)
            x = block.Forward(x, cache: null);
        return Logits(x);
    }

    public ICausalLmSession StartSession() => new Session(this);

    public void Dispose()
    {
        foreach (var p in _weights.Values)
            p.Dispose();
    }

    private Tensor Logits(Tensor x) => matmul(layer_norm(x, [Config.DModel], _lnFW, _lnFB, Config.LayerNormEps), _wte.t());

    private sealed class Session(Gpt2Model model) : ICausalLmSession
    {
        private readonly KvCache[] _caches = model._h
            .Select(_ => new KvCache(model.Config.NHead, model.Config.NCtx, model.Config.HeadDim)).ToArray();

        public int Length { get; private set; }

        public Tensor Forward(IReadOnlyList<int> tokens)
        {
            if (Length + tokens.Count > model.Config.NCtx)
                throw new ContextOverflowException(Length + tokens.Count, model.Config.NCtx);
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            using var idx = tensor(tokens.Select(t => (long)t).ToArray());
            var x = model._wte[idx] + model._wpe.narrow(0, Length, tokens.Count);
            for (var i = 0; i < model._h.Length; i++)
                x = model._h[i].Forward(x, _caches[i]);
            Length += tokens.Count;
            return model.Logits(x).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            foreach (var c in _caches)
                c.Dispose();
        }
    }
}
