using TorchSharp;

namespace Splitwise.Inference.Models;

/// <summary>A decoder-only language model that generates with a per-session KV cache.</summary>
public interface ICausalLm : IDisposable
{
    TransformerShape Shape { get; }

    ICausalLmSession StartSession();
}

/// <summary>One generation: owns its KV caches; each call appends tokens and returns their logits.</summary>
public interface ICausalLmSession : IDisposable
{
    /// <summary>Tokens seen so far (the next token's position).</summary>
    int Length { get; }

    /// <summary>Appends <paramref name="tokens"/> (prefill: many, decode: one); logits [T, vocab].</summary>
    torch.Tensor Forward(IReadOnlyList<int> tokens);
}
