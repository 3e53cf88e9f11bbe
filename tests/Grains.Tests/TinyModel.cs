using Splitwise.Inference.Codecs;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models.Gpt2;
using TorchSharp;

namespace Splitwise.Grains.Tests;

/// <summary>
/// A small random GPT-2 written in the real Hugging Face format (config.json + model.safetensors, byte
/// tokenizer) into a temp folder, so the tests never depend on the bundled model.
/// </summary>
public sealed class TinyModel : IDisposable
{
    public static readonly Gpt2Config Config = new(NLayer: 4, NHead: 4, DModel: 64, NCtx: 64, VocabSize: 256);

    /// <summary>What a plan for this model covers.</summary>
    public static readonly Contracts.Plans.ModelDimensions Dims = new(Config.NLayer, Config.NHead, 4 * Config.DModel);

    /// <summary>The fabric's default cut of this model (4 head groups, 4 FFN slices).</summary>
    public static readonly Contracts.DecompositionSpec Spec = Contracts.DecompositionSpec.Default(Config.NHead);

    /// <summary><paramref name="rows"/> random activations of this model's width, fp32-encoded as a sub-block call carries them.</summary>
    public static byte[] EncodedRows(int rows, int seed)
    {
        using var _ = torch.no_grad();
        using var x = torch.randn([rows, Config.DModel], generator: new torch.Generator((ulong)seed));
        return ActivationCodecs.Fp32.Encode(x);
    }

    public TinyModel(long seed = 21)
    {
        Directory.CreateDirectory(Path);
        using var model = Gpt2Model.Random(Config, seed);
        File.WriteAllText(System.IO.Path.Combine(Path, "config.json"), Config.ToHfJson());
        SafetensorsWriter.Write(
            System.IO.Path.Combine(Path, "model.safetensors"),
            model.Weights.Select(kv => KeyValuePair.Create(kv.Key, (torch.Tensor)kv.Value)),
            metadata: new Dictionary<string, string> { ["tokenizer"] = "bytes" });
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "splitwise-fabric-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* best effort: the silos may still map the file */ }
    }
}
