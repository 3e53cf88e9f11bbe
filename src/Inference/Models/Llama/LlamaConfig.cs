using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splitwise.Inference.Models.Llama;

/// <summary>LLaMA hyper-parameters, with the names of Hugging Face's config.json.</summary>
public sealed record LlamaConfig(
    int DModel,
    int NLayer,
    int NHead,
    int NKvHead,
    int DFf,
    int VocabSize,
    int MaxSeqLen,
    double RmsNormEps = 1e-5,
    double RopeTheta = 10000,
    bool TiedEmbeddings = false)
{
    public int HeadDim => DModel / NHead;

    public static LlamaConfig Llama7B => new(4096, 32, 32, 32, 11008, 32000, 4096, 1e-6);

    public static LlamaConfig Llama13B => new(5120, 40, 40, 40, 13824, 32000, 4096, 1e-6);

    public TransformerShape Shape => new(
        "llama", NLayer, DModel, NHead, NKvHead, DFf, VocabSize, MaxSeqLen,
        NormKind.RmsNorm, RmsNormEps, FfnKind.SwiGlu, RopeTheta, LearnedPositions: false);

    public void Validate()
    {
        if (DModel <= 0 || NLayer <= 0 || NHead <= 0 || NKvHead <= 0 || DFf <= 0 || VocabSize <= 0 || MaxSeqLen <= 0)
            throw new ArgumentException($"LLaMA config has a non-positive size: {this}");
        if (DModel % NHead != 0 || HeadDim % 2 != 0)
            throw new ArgumentException($"LLaMA config: hidden_size {DModel} / {NHead} heads must give an even head size");
        if (NHead % NKvHead != 0)
            throw new ArgumentException($"LLaMA config: {NKvHead} KV heads do not divide {NHead} attention heads");
    }

    public static LlamaConfig FromHfJson(string json)
    {
        var o = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("config.json is not a JSON object");
        int Int(string key) => o[key] is { } v ? ConfigJson.Int(key, v) : throw new ArgumentException($"config.json: missing '{key}'");
        var nHead = Int("num_attention_heads");
        var config = new LlamaConfig(
            Int("hidden_size"), Int("num_hidden_layers"), nHead, (o["num_key_value_heads"] is { } kv ? ConfigJson.Int("num_key_value_heads", kv) : (int?)null) ?? nHead,
            Int("intermediate_size"), Int("vocab_size"), Int("max_position_embeddings"),
            o["rms_norm_eps"]?.GetValue<double>() ?? 1e-5, o["rope_theta"]?.GetValue<double>() ?? 10000,
            o["tie_word_embeddings"]?.GetValue<bool>() ?? false);
        config.Validate();
        return config;
    }

    public string ToHfJson() => new JsonObject
    {
        ["model_type"] = "llama",
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["hidden_size"] = DModel,
        ["num_hidden_layers"] = NLayer,
        ["num_attention_heads"] = NHead,
        ["num_key_value_heads"] = NKvHead,
        ["intermediate_size"] = DFf,
        ["vocab_size"] = VocabSize,
        ["max_position_embeddings"] = MaxSeqLen,
        ["rms_norm_eps"] = RmsNormEps,
        ["rope_theta"] = RopeTheta,
        ["tie_word_embeddings"] = TiedEmbeddings,
        ["hidden_act"] = "silu",
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
