using System.Text.Json;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Models.Llama;
using Splitwise.Inference.Tokenizers;

namespace Splitwise.Inference.Models;

/// <summary>
/// Opens the formats users have: a Hugging Face directory (config.json + model.safetensors, GPT-2 or
/// LLaMA) or a llama2.c checkpoint (.bin, with tokenizer.bin beside it).
/// </summary>
public static class ModelLoader
{
    public const string BundledModelName = "kjv-gpt2-6x256";

    public static LoadedModel Open(string path, string? tokenizerPath = null)
    {
        if (Directory.Exists(path))
            return OpenHuggingFace(path);
        if (File.Exists(path))
            return OpenLlama2c(path, tokenizerPath);
        throw new FileNotFoundException($"no model at '{path}' (expected a Hugging Face directory or a llama2.c .bin file)", path);
    }

    /// <summary>The model this repository ships under models/, found from the working directory or the binary's.</summary>
    public static string LocateBundled()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "models", BundledModelName);
                if (File.Exists(System.IO.Path.Combine(candidate, "model.safetensors")))
                    return candidate;
            }
        }

        throw new FileNotFoundException($"the bundled model models/{BundledModelName} was not found above the working directory");
    }

    private static LoadedModel OpenHuggingFace(string dir)
    {
        var configPath = System.IO.Path.Combine(dir, "config.json");
        var weightsPath = System.IO.Path.Combine(dir, "model.safetensors");
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
            throw new FileNotFoundException($"{dir}: a Hugging Face model directory needs config.json and model.safetensors");
        var config = ReadConfig(configPath);
        var tensors = new SafetensorsFile(weightsPath);
        try
        {
            return new LoadedModel(dir, "hf-safetensors", config, tensors, HuggingFaceTokenizer(dir, tensors));
        }
        catch
        {
            tensors.Dispose();
            throw;
        }
    }

    // Every way a config.json can be wrong is a typed error naming the file: bad JSON, a field missing or of the wrong
    // kind, impossible sizes.
    private static object ReadConfig(string configPath)
    {
        var json = File.ReadAllText(configPath);
        try
        {
            var modelType = ConfigJson.ModelType(json);
            return modelType switch
            {
                "gpt2" => Gpt2Config.FromHfJson(json),
                "llama" => LlamaConfig.FromHfJson(json),
                _ => throw new UnsupportedModelException(configPath, $"model_type '{modelType}' is not supported (gpt2, llama)"),
            };
        }
        catch (JsonException e)
        {
            throw new CorruptModelFileException(configPath, $"not valid JSON: {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CorruptModelFileException(configPath, e.Message);
        }
    }

    private static ITextTokenizer? HuggingFaceTokenizer(string dir, SafetensorsFile tensors)
    {
        if (tensors.Metadata.TryGetValue("tokenizer", out var kind) && kind == "bytes")
            return new ByteTokenizer();
        var hasBpe = File.Exists(System.IO.Path.Combine(dir, "vocab.json")) || File.Exists(System.IO.Path.Combine(dir, "encoder.json"));
        if (hasBpe)
            return Gpt2BpeTokenizer.FromDirectory(dir);
        var bin = System.IO.Path.Combine(dir, "tokenizer.bin");
        return File.Exists(bin) ? Llama2cTokenizer.Load(bin) : null;
    }

    private static LoadedModel OpenLlama2c(string path, string? tokenizerPath)
    {
        var checkpoint = new Llama2cCheckpoint(path);
        var h = checkpoint.Header;
        var config = new LlamaConfig(h.Dim, h.NLayers, h.NHeads, h.NKvHeads, h.HiddenDim, h.VocabSize, h.SeqLen, TiedEmbeddings: h.SharedClassifier);
        tokenizerPath ??= System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, "tokenizer.bin");
        var tokenizer = File.Exists(tokenizerPath) ? Llama2cTokenizer.Load(tokenizerPath, h.VocabSize) : null;
        return new LoadedModel(path, "llama2c", config, checkpoint, tokenizer);
    }
}
