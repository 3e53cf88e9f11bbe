using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Models.Llama;
using TorchSharp;

namespace Splitwise.Inference.Tests.Models;

/// <summary>Small random models of both families, and their weights behind the file interface.</summary>
public static class TestModels
{
    public static readonly Gpt2Config Gpt2 = new(NLayer: 2, NHead: 4, DModel: 64, NCtx: 64, VocabSize: 97);

    /// <summary>Grouped-query attention (4 query heads share 2 KV heads) and an FFN size that 4 does not divide.</summary>
    public static readonly LlamaConfig LlamaGqa = new(DModel: 64, NLayer: 2, NHead: 4, NKvHead: 2, DFf: 174, VocabSize: 101, MaxSeqLen: 64);

    public static readonly LlamaConfig LlamaMha = LlamaGqa with { NKvHead = 4, TiedEmbeddings = true };

    public static (ICausalLm Reference, ISubBlockWeightReader Reader) Create(string family, long seed = 7) => family switch
    {
        "gpt2" => Gpt2Pair(Gpt2Model.Random(Gpt2, seed)),
        "llama-gqa" => LlamaPair(LlamaModel.Random(LlamaGqa, seed)),
        "llama-mha" => LlamaPair(LlamaModel.Random(LlamaMha, seed)),
        _ => throw new ArgumentException(family),
    };

    public static Dictionary<string, torch.Tensor> AsTensors<T>(IReadOnlyDictionary<string, T> weights) where T : torch.Tensor =>
        weights.ToDictionary(kv => kv.Key, kv => (torch.Tensor)kv.Value);

    private static (ICausalLm, ISubBlockWeightReader) Gpt2Pair(Gpt2Model m) =>
        (m, new Gpt2SubBlockWeights(m.Config, new InMemoryTensorSource(AsTensors(m.Weights))));

    private static (ICausalLm, ISubBlockWeightReader) LlamaPair(LlamaModel m) =>
        (m, new LlamaSubBlockWeights(m.Config, new InMemoryTensorSource(AsTensors(m.Weights))));
}
