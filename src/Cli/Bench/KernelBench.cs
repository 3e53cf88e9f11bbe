using Splitwise.Testbed.Cost;
using Splitwise.Contracts;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Cli.Bench;

/// <summary>
/// Times each sub-block kind of layer 0 in isolation, at prefill and decode, and the glue around the
/// sub-blocks (embedding, norms and sums, LM head). Works from any <see cref="ISubBlockWeightReader"/>,
/// so random weights and a real model file are timed the same way.
/// </summary>
public sealed class KernelBench(string modelName, ISubBlockWeightReader reader, KernelBenchOptions options)
{
    private readonly TransformerShape _shape = reader.Shape;

    public IReadOnlyList<KernelMeasurement> Run(Action<KernelMeasurement> onResult)
    {
        var spec = DecompositionSpec.Default(_shape.NKvHead);
        using var model = new DecomposedTransformer(reader, spec);
        using var rotary = _shape.RopeTheta is { } theta ? new Rotary(_shape.HeadDim, _shape.MaxSeqLen, theta) : null;
        using var oneKvHead = new AttentionHeadGroup(new SubBlockId(0, SubBlockKind.AttentionHeads, 0),
            reader.AttentionGroup(0, 0, 1), 1, _shape.QueriesPerKvHead, _shape.HeadDim, rotary);
        var layer = model.Layers[0];
        var groups = new[] { (layer.Attention[0], $"default group ({spec.KvHeadsPerGroup} KV heads)"), (oneKvHead, "1 KV head") };
        var biased = _shape.Norm == NormKind.LayerNorm; // GPT-2 has biases and LayerNorm; LLaMA neither

        var results = new List<KernelMeasurement>();
        void Add(KernelMeasurement m)
        {
            results.Add(m);
            onResult(m);
        }

        var cases = options.PrefillTokens.Where(t => t <= _shape.MaxSeqLen).Select(t => ("prefill", 0, t))
            .Concat(options.DecodeContexts.Where(c => c is > 0 && c <= _shape.MaxSeqLen).Select(c => ("decode", c - 1, 1)));
        foreach (var (phase, cached, tokens) in cases)
        {
            using var x = RandomActivation(tokens, _shape.DModel);
            foreach (var (group, variant) in groups)
            {
                var work = SubBlockWorkModel.AttentionGroup(_shape.DModel, group.QueryHeads, group.KvHeads, group.HeadDim, biased, cached, tokens);
                Add(new(modelName, phase, variant, work, BenchTimer.Measure(options.Warmup, options.Repetitions,
                    () => FilledCache(group, cached), cache => group.Forward(x, cache))));
            }

            var up = layer.FfnUp[0];
            var down = layer.FfnDown[0];
            var gated = _shape.Ffn == FfnKind.SwiGlu;
            using var hidden = RandomActivation(tokens, up.Width);
            var ffnVariant = $"default slice (1 of {spec.FfnSlices})";
            Add(new(modelName, phase, ffnVariant, SubBlockWorkModel.FfnSlice(_shape.DModel, up.Width, gated, biased, tokens),
                Time(() => down.Forward(up.Forward(x)))));
            Add(new(modelName, phase, ffnVariant, SubBlockWorkModel.FfnUp(_shape.DModel, up.Width, gated, biased, tokens),
                Time(() => up.Forward(x))));
            Add(new(modelName, phase, ffnVariant, SubBlockWorkModel.FfnDown(_shape.DModel, up.Width, tokens),
                Time(() => down.Forward(hidden))));

            var ids = Enumerable.Range(0, tokens).Select(i => (i * 31 + 7) % _shape.VocabSize).ToArray();
            Add(new(modelName, phase, "whole model", SubBlockWorkModel.Embedding(_shape.DModel, _shape.LearnedPositions, cached, tokens),
                Time(() => model.Embed(ids, cached))));
            Add(new(modelName, phase, "per layer", SubBlockWorkModel.LayerGlue(_shape.DModel, biased, biased, tokens),
                Time(() => LayerGlue(layer, x))));
            Add(new(modelName, phase, "whole model", SubBlockWorkModel.LmHead(_shape.DModel, _shape.VocabSize, biased, tokens),
                Time(() => model.Logits(x))));
        }

        return results;
    }

    private SampleStats Time(Func<Tensor> call) => BenchTimer.Measure(options.Warmup, options.Repetitions, call);

    /// <summary>The stage owner's share of a layer: both norms and both sum starts.</summary>
    private static Tensor LayerGlue(DecomposedLayer layer, Tensor x)
    {
        layer.NormForAttention(x);
        layer.StartAttentionSum(x);
        layer.NormForFfn(x);
        return layer.StartFfnSum(x);
    }

    /// <summary>A cache already holding <paramref name="cached"/> positions of random keys and values.</summary>
    private KvCache FilledCache(AttentionHeadGroup group, int cached)
    {
        var cache = group.NewCache(_shape.MaxSeqLen);
        if (cached == 0)
            return cache;
        using var scope = NewDisposeScope();
        cache.Append(randn(group.KvHeads, cached, group.HeadDim), randn(group.KvHeads, cached, group.HeadDim));
        return cache;
    }

    private Tensor RandomActivation(int tokens, int width)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)options.Seed);
        return randn([tokens, width], generator: generator);
    }
}
