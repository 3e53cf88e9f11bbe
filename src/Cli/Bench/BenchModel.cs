using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;

namespace Splitwise.Cli.Bench;

/// <summary>
/// A model to benchmark: the monolithic reference and a sub-block reader over the same weights.
/// Today both come from random weights of a named shape; a loaded model file plugs in through the
/// constructor (any <see cref="ICausalLm"/> plus its <see cref="ISubBlockWeightReader"/>).
/// </summary>
public sealed class BenchModel(string name, ICausalLm reference, ISubBlockWeightReader reader) : IDisposable
{
    /// <summary>The bundled byte-level GPT-2 (train-lm's defaults).</summary>
    public static readonly Gpt2Config BundledShape = new(NLayer: 6, NHead: 8, DModel: 256, NCtx: 256, VocabSize: 256);

    public string Name { get; } = name;

    public ICausalLm Reference { get; } = reference;

    public ISubBlockWeightReader Reader { get; } = reader;

    public TransformerShape Shape => Reference.Shape;

    /// <summary>"bundled" or "gpt2-small", with GPT-2's random initialisation.</summary>
    public static BenchModel RandomGpt2(string shapeName, long seed)
    {
        var config = shapeName switch
        {
            "bundled" => BundledShape,
            "gpt2-small" => Gpt2Config.Gpt2Small,
            _ => throw new CliUsageException($"unknown model shape '{shapeName}' (bundled, gpt2-small)"),
        };
        var model = Gpt2Model.Random(config, seed);
        var weights = model.Weights.ToDictionary(kv => kv.Key, kv => (TorchSharp.torch.Tensor)kv.Value);
        return new BenchModel($"{shapeName} (random weights, seed {seed})", model, new Gpt2SubBlockWeights(config, new InMemoryTensorSource(weights)));
    }

    /// <summary>Shapes named by a comma-separated --models option.</summary>
    public static IReadOnlyList<string> ShapeNames(CliArgs args) =>
        args.Get("models", "bundled,gpt2-small").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose() => Reference.Dispose();
}
