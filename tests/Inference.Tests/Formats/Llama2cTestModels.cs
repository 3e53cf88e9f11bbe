using Splitwise.Inference.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Formats;

/// <summary>Small random llama2.c models for tests.</summary>
internal static class Llama2cTestModels
{
    /// <summary>Grouped-query attention (4 query heads, 2 kv heads) with head size 4, so RoPE reordering is visible.</summary>
    public static Llama2cHeader Small(bool shared) =>
        new(Dim: 16, HiddenDim: 24, NLayers: 2, NHeads: 4, NKvHeads: 2, VocabSize: 11, SeqLen: 5, SharedClassifier: shared);

    /// <summary>Random tensors (in the current dispose scope) for every name the header exposes.</summary>
    public static Dictionary<string, torch.Tensor> RandomTensors(Llama2cHeader header, long seed = 7)
    {
        var generator = torch.manual_seed(seed);
        var tensors = header.TensorShapes().ToDictionary(t => t.Name, t => torch.randn(t.Shape, generator: generator));
        if (header.SharedClassifier) tensors["lm_head.weight"] = tensors["model.embed_tokens.weight"];
        return tensors;
    }
}
