using Splitwise.Contracts;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Models.Llama;
using TorchSharp;

namespace Splitwise.Inference.Tests.Models;

/// <summary>
/// Random models written in the real file formats with the project's writers, opened with
/// <see cref="ModelLoader"/>: the loaded reference equals the in-memory model, and the decomposition
/// read from the file (each sub-block its own slice) equals the loaded reference.
/// </summary>
public class ModelFileParityTests
{
    private static readonly int[] Prompt = [5, 17, 33, 2, 61, 44];

    [Theory]
    [InlineData(TensorDType.F32, "")]
    [InlineData(TensorDType.F32, "transformer.")]
    [InlineData(TensorDType.BF16, "")]
    [InlineData(TensorDType.F16, "")]
    public void Gpt2Safetensors(TensorDType dtype, string prefix)
    {
        using var dir = new TempDirectory();
        using var original = Gpt2Model.Random(TestModels.Gpt2, seed: 11);
        File.WriteAllText(dir.File("config.json"), TestModels.Gpt2.ToHfJson());
        SafetensorsWriter.Write(dir.File("model.safetensors"), original.Weights.Select(kv => KeyValuePair.Create(prefix + kv.Key, (torch.Tensor)kv.Value)), dtype);

        using var model = ModelLoader.Open(dir.Path);

        CheckAgainstFile(model, dtype == TensorDType.F32 ? original : null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LlamaSafetensors(bool gqa)
    {
        using var dir = new TempDirectory();
        var config = gqa ? TestModels.LlamaGqa : TestModels.LlamaMha;
        using var original = LlamaModel.Random(config, seed: 12);
        File.WriteAllText(dir.File("config.json"), config.ToHfJson());
        var weights = original.Weights.Where(kv => !(config.TiedEmbeddings && kv.Key == "lm_head.weight"));
        SafetensorsWriter.Write(dir.File("model.safetensors"), weights.Select(kv => KeyValuePair.Create(kv.Key, (torch.Tensor)kv.Value)));

        using var model = ModelLoader.Open(dir.Path);

        CheckAgainstFile(model, original);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Llama2cCheckpoint(bool sharedClassifier)
    {
        using var dir = new TempDirectory();
        var config = TestModels.LlamaGqa with { TiedEmbeddings = sharedClassifier, DFf = 176 };
        using var original = LlamaModel.Random(config, seed: 13);
        var header = new Llama2cHeader(config.DModel, config.DFf, config.NLayer, config.NHead, config.NKvHead, config.VocabSize, config.MaxSeqLen, sharedClassifier);
        Llama2cWriter.Write(dir.File("model.bin"), header, TestModels.AsTensors(original.Weights));

        using var model = ModelLoader.Open(dir.File("model.bin"));

        Assert.Equal("llama2c", model.Format);
        CheckAgainstFile(model, original);
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        using var dir = new TempDirectory();
        using var original = Gpt2Model.Random(TestModels.Gpt2, seed: 11);
        File.WriteAllText(dir.File("config.json"), TestModels.Gpt2.ToHfJson());
        SafetensorsWriter.Write(dir.File("model.safetensors"), original.Weights
            .Where(kv => kv.Key != "h.1.mlp.c_fc.weight").Select(kv => KeyValuePair.Create(kv.Key, (torch.Tensor)kv.Value)));

        using var model = ModelLoader.Open(dir.Path);

        var error = Assert.Throws<MissingTensorException>(() => model.LoadReference());
        Assert.Contains("h.1.mlp.c_fc.weight", error.Message);
    }

    [Fact]
    public void ConfigThatDisagreesWithTheWeightsIsAShapeMismatch()
    {
        using var dir = new TempDirectory();
        using var original = Gpt2Model.Random(TestModels.Gpt2, seed: 11);
        File.WriteAllText(dir.File("config.json"), (TestModels.Gpt2 with { DModel = 128 }).ToHfJson());
        SafetensorsWriter.Write(dir.File("model.safetensors"), original.Weights.Select(kv => KeyValuePair.Create(kv.Key, (torch.Tensor)kv.Value)));

        using var model = ModelLoader.Open(dir.Path);

        Assert.Throws<ShapeMismatchException>(() => model.Decompose(DecompositionSpec.Default(4)));
    }

    [Fact]
    public void UnknownModelTypeAndMissingPathAreClear()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), """{"model_type":"bert"}""");
        File.WriteAllBytes(dir.File("model.safetensors"), [0]);

        Assert.Throws<UnsupportedModelException>(() => ModelLoader.Open(dir.Path));
        Assert.Throws<FileNotFoundException>(() => ModelLoader.Open(dir.File("nope")));
    }

    private static void CheckAgainstFile(LoadedModel model, ICausalLm? original)
    {
        using var reference = model.LoadReference();
        if (original is not null)
        {
            var loaded = ParityCheck.Run(reference, original, Prompt, decodeSteps: 4);
            Assert.True(loaded.MaxLogitDiff <= 1e-5, $"loaded vs in-memory: {loaded.MaxLogitDiff:E2}");
        }

        using var decomposed = model.Decompose(DecompositionSpec.WithHeadGroups(model.Shape.NKvHead, 2, 4));
        var result = ParityCheck.Run(decomposed, reference, Prompt, decodeSteps: 16);
        Assert.True(result.MaxLogitDiff <= 1e-4, $"decomposed vs reference: {result.MaxLogitDiff:E2}");
        Assert.Equal(result.ReferenceTokens, result.CandidateTokens);
    }
}
