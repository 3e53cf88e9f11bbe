using Splitwise.Contracts;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Models.Llama;
using Splitwise.Inference.Tokenizers;

namespace Splitwise.Inference.Models;

/// <summary>
/// A model file opened (memory-mapped, nothing loaded yet) with its family config and tokenizer:
/// from it come the monolithic reference and any decomposition, each reading only what it needs.
/// </summary>
public sealed class LoadedModel(string path, string format, object config, ITensorSource tensors, ITextTokenizer? tokenizer) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>"hf-safetensors" or "llama2c".</summary>
    public string Format { get; } = format;

    public ITensorSource Tensors { get; } = tensors;

    public TransformerShape Shape => config switch
    {
        Gpt2Config g => g.Shape,
        LlamaConfig l => l.Shape,
        _ => throw new InvalidOperationException(config.GetType().Name),
    };

    public ITextTokenizer Tokenizer => tokenizer
        ?? throw new UnsupportedModelException(Path, "no tokenizer found next to the model (vocab.json + merges.txt, tokenizer.bin, or byte-level metadata)");

    public ISubBlockWeightReader SubBlocks => config switch
    {
        Gpt2Config g => new Gpt2SubBlockWeights(g, Tensors),
        LlamaConfig l => new LlamaSubBlockWeights(l, Tensors),
        _ => throw new InvalidOperationException(config.GetType().Name),
    };

    /// <summary>The monolithic reference forward of the model's family.</summary>
    public ICausalLm LoadReference() => config switch
    {
        Gpt2Config g => Gpt2Model.Load(g, Tensors),
        LlamaConfig l => LlamaModel.Load(l, Tensors),
        _ => throw new InvalidOperationException(config.GetType().Name),
    };

    public DecomposedTransformer Decompose(DecompositionSpec spec) => new(SubBlocks, spec);

    public void Dispose() => Tensors.Dispose();
}
