using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Models.Llama;

namespace Splitwise.Testbed.Presets;

/// <summary>
/// The papers' model sizes as shapes only (no weights): what the simulator and the memory check need to cost them.
/// Shapes come from the Inference configs, i.e. the models' published Hugging Face config.json values.
/// </summary>
public static class ModelPresets
{
    /// <summary>GPT-2 XL, 1.56 B parameters (48 layers, d 1600, 25 heads).</summary>
    public static TransformerShape Gpt2Xl => Gpt2Config.Gpt2Xl.Shape;

    /// <summary>LLaMA-7B, 6.74 B parameters (32 layers, d 4096, 32 heads, FFN 11008).</summary>
    public static TransformerShape Llama7B => LlamaConfig.Llama7B.Shape;

    /// <summary>LLaMA-13B, 13.0 B parameters (40 layers, d 5120, 40 heads, FFN 13824).</summary>
    public static TransformerShape Llama13B => LlamaConfig.Llama13B.Shape;

    public static IReadOnlyList<(string Key, TransformerShape Shape)> All =>
        [("gpt2-xl", Gpt2Xl), ("llama-7b", Llama7B), ("llama-13b", Llama13B)];

    /// <exception cref="ArgumentException">unknown key; the message lists the known ones.</exception>
    public static TransformerShape Get(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Shape
        ?? throw new ArgumentException($"unknown model preset '{key}'; known: {string.Join(", ", All.Select(p => p.Key))}");
}
