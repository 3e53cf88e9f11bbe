using Splitwise.Inference.Formats;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Models.Llama;

/// <summary>
/// LLaMA: token embedding, n_layer blocks (RMSNorm, RoPE, grouped-query attention, SwiGLU), final
/// RMSNorm, LM head (tied or not). The monolithic reference for the LLaMA family.
/// </summary>
public sealed class LlamaModel : ICausalLm
{
    private readonly Dictionary<string, Parameter> _weights = new(StringComparer.Ordinal);
    private readonly Rotary _rotary;
    private readonly Parameter _embed;
    private readonly LlamaBlock[] _layers;
    private readonly Parameter _norm;
    private readonly Parameter _lmHead;

    private LlamaModel(LlamaConfig config, Func<string, long[], Tensor> create)
    {
        config.Validate();
        Config = config;
        _rotary = new Rotary(config.HeadDim, config.MaxSeqLen, config.RopeTheta);
        Parameter Weight(string name, long[] shape)
        {
            var p = new Parameter(create(name, shape), requires_grad: false);
            _weights.Add(name, p);
            return p;
        }

        _embed = Weight("model.embed_tokens.weight", [config.VocabSize, config.DModel]);
        _layers = Enumerable.Range(0, config.NLayer)
            .Select(i => new LlamaBlock(config, _rotary, Weight, $"model.layers.{i}.")).ToArray();
        _norm = Weight("model.norm.weight", [config.DModel]);
        _lmHead = config.TiedEmbeddings ? _embed : Weight("lm_head.weight", [config.VocabSize, config.DModel]);
    }

    public LlamaConfig Config { get; }

    public TransformerShape Shape => Config.Shape;

    /// <summary>Weights in Hugging Face LLaMA names and layout.</summary>
    public IReadOnlyDictionary<string, Parameter> Weights => _weights;

    /// <summary>Random weights for tests; norms near 1 so activations stay in a realistic range.</summary>
    public static LlamaModel Random(LlamaConfig config, long seed)
    {
        var generator = new Generator((ulong)seed);
        return new LlamaModel(config, (name, shape) => name.EndsWith("norm.weight", StringComparison.Ordinal)
            ? 1 + 0.1 * randn(shape, generator: generator)
            : normal(0, 0.02, shape, generator: generator));
    }

    public static LlamaModel Load(LlamaConfig config, ITensorSource source) =>
        new(config, (name, shape) =>
        {
            using var _ = no_grad();
            return source.Read(name, shape);
        });

    public ICausalLmSession StartSession() => new Session(this);

    public void Dispose()
    {
        foreach (var p in _weights.Values)
            p.Dispose();
        _rotary.Dispose();
    }

    private sealed class Session(LlamaModel model) : ICausalLmSession
    {
        private readonly KvCache[] _caches = model._layers
            .Select(_ => new KvCache(model.Config.NKvHead, model.Config.MaxSeqLen, model.Config.HeadDim)).ToArray();

        public int Length { get; private set; }

        public Tensor Forward(IReadOnlyList<int> tokens)
        {
            if (Length + tokens.Count > model.Config.MaxSeqLen)
                throw new ContextOverflowException(Length + tokens.Count, model.Config.MaxSeqLen);
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            using var idx = tensor(tokens.Select(t => (long)t).ToArray());
            var x = model._embed[idx];
            for (var i = 0; i < model._layers.Length; i++)
                x = model._layers[i].Forward(x, _caches[i]);
            Length += tokens.Count;
            var logits = linear(RmsNorm.Apply(x, model._norm, model.Config.RmsNormEps), model._lmHead);
            return logits.MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            foreach (var c in _caches)
                c.Dispose();
        }
    }
}
