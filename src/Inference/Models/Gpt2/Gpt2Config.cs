using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splitwise.Inference.Models.Gpt2;

/// <summary>GPT-2 hyper-parameters, with the names of Hugging Face's config.json.</summary>
public sealed record Gpt2Config(int NLayer, int NHead, int DModel, int NCtx, int VocabSize, double LayerNormEps = 1e-5)
{
    public int DFf => 4 * DModel;

    public int HeadDim => DModel / NHead;

    public static Gpt2Config Gpt2Small => new(12, 12, 768, 1024, 50257);

    public static Gpt2Config Gpt2Xl => new(48, 25, 1600, 1024, 50257);

    public TransformerShape Shape => new(
        "gpt2", NLayer, DModel, NHead, NHead, DFf, VocabSize, NCtx,
        NormKind.LayerNorm, LayerNormEps, FfnKind.GeluMlp, RopeTheta: null, LearnedPositions: true);

    public void Validate()
    {
        if (NLayer <= 0 || NHead <= 0 || DModel <= 0 || NCtx <= 0 || VocabSize <= 0)
            throw new ArgumentException($"GPT-2 config has a non-positive size: {this}");
        if (DModel % NHead != 0)
            throw new ArgumentException($"GPT-2 config: n_embd {DModel} is not a multiple of n_head {NHead}");
    }

    public static Gpt2Config FromHfJson(string json)
    {
        var o = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("config.json is not a JSON object");
        int Int(string key) => o[key] is { } v ? ConfigJson.Int(key, v) : throw new ArgumentException($"config.json: missing '{key}'");
        var config = new Gpt2Config(
            Int("n_layer"), Int("n_head"), Int("n_embd"), (o["n_positions"] is { } positions ? ConfigJson.Int("n_positions", positions) : (int?)null) ?? Int("n_ctx"),
            Int("vocab_size"), o["layer_norm_epsilon"]?.GetValue<double>() ?? 1e-5);
        if (o["n_inner"] is { } inner && inner.GetValueKind() != JsonValueKind.Null && inner.GetValue<int>() != config.DFf)
            throw new ArgumentException($"config.json: n_inner {inner} is not supported (only 4 * n_embd)");
        config.Validate();
        return config;
    }

    public string ToHfJson() => new JsonObject
    {
        ["model_type"] = "gpt2",
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["n_layer"] = NLayer,
        ["n_head"] = NHead,
        ["n_embd"] = DModel,
        ["n_positions"] = NCtx,
        ["n_ctx"] = NCtx,
        ["vocab_size"] = VocabSize,
        ["layer_norm_epsilon"] = LayerNormEps,
        ["activation_function"] = "gelu_new",
        ["n_inner"] = null,
        ["tie_word_embeddings"] = true,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
