using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models;
using Splitwise.Inference.Tests.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Models;

/// <summary>
/// Malformed model files made from real ones (a copy of the bundled model, a written llama2.c checkpoint, cut or
/// corrupted in a temp folder) opened and loaded as the hosts do (<see cref="ModelLoader.Open"/> then
/// <see cref="LoadedModel.LoadReference"/>): every failure is a <see cref="ModelFormatException"/> naming the file
/// and the problem, never another exception, and a header that claims gigabytes allocates nothing of the sort.
/// </summary>
public sealed class ModelLoaderCorpusTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    [InlineData(8L)]
    [InlineData(100L)]
    [InlineData(-1L)]
    [InlineData(-4096L)]
    public void ATruncatedSafetensorsFileIsTypedAndNamed(long keep)
    {
        var (dir, weights) = Copy();
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(int)(keep >= 0 ? keep : bytes.Length + keep)]);

        var error = Assert.IsType<TruncatedFileException>(Failure(dir));
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "[1, 2, 3]", "not a JSON object")]
    [InlineData("\"dtype\"", "\"dtyp\u00e9", "not valid JSON")]
    [InlineData("\"shape\"", "\"shap\"", "missing array 'shape'")]
    public void ABadHeaderIsTypedAndNamed(string find, string replace, string problem)
    {
        var (dir, weights) = Copy();
        var (header, data) = Split(weights);
        var text = Encoding.UTF8.GetString(header);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Write(weights, Encoding.UTF8.GetBytes(find == "*" ? replace : text[..at] + replace + text[(at + find.Length)..]), data);

        var error = Assert.IsType<CorruptModelFileException>(Failure(dir));
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownDTypeIsTypedAndNamed()
    {
        var (dir, weights) = Copy();
        var name = Rewrite(weights, (_, entry) => entry["dtype"] = "Q4_K");

        var error = Assert.IsType<UnknownDTypeException>(Failure(dir));
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Q4_K", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransposedShapesAreTypedAndNamed()
    {
        var (dir, weights) = Copy();
        var name = Rewrite(weights, (_, entry) =>
        {
            var shape = entry["shape"]!.AsArray();
            (shape[0], shape[1]) = (shape[1]!.GetValue<long>(), shape[0]!.GetValue<long>());
        });

        var error = Assert.IsType<ShapeMismatchException>(Failure(dir));
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShapeThatNeedsOtherBytesIsTypedAndNamed()
    {
        var (dir, weights) = Copy();
        Rewrite(weights, (_, entry) => entry["shape"]!.AsArray()[0] = entry["shape"]!.AsArray()[0]!.GetValue<long>() * 2);

        var error = Assert.IsType<CorruptModelFileException>(Failure(dir));
        Assert.Contains("data_offsets span", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderClaimingAHundredGigabytesAllocatesNothingOfTheSort()
    {
        var (dir, weights) = Copy();
        using (var file = File.OpenWrite(weights))
        {
            var prefix = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, 100UL << 30);
            file.Write(prefix);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.IsType<HeaderTooLargeException>(Failure(dir, load: false));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "opening allocated over 16 MB");
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATensorClaimingAHundredGigabytesIsTruncationNotAnAllocation()
    {
        var (dir, weights) = Copy();
        Rewrite(weights, (_, entry) =>
        {
            var begin = entry["data_offsets"]!.AsArray()[0]!.GetValue<long>();
            entry["shape"] = new JsonArray(100L << 28);
            entry["data_offsets"] = new JsonArray(begin, begin + (100L << 30));
        });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.IsType<TruncatedFileException>(Failure(dir, load: false));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "opening allocated over 16 MB");
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"model_type\": 7}", "model_type")]
    [InlineData("{\"model_type\": \"gpt2\"}", "missing 'n_layer'")]
    [InlineData("{\"model_type\": \"gpt2\", \"n_layer\": \"six\", \"n_head\": 4, \"n_embd\": 256, \"n_positions\": 256, \"vocab_size\": 256}", "n_layer")]
    [InlineData("{\"model_type\": \"gpt2\", \"n_layer\": -6, \"n_head\": 4, \"n_embd\": 256, \"n_positions\": 256, \"vocab_size\": 256}", "config.json")]
    [InlineData("{\"model_type\": \"llama\"}", "config.json")]
    [InlineData("{\"model_type\": \"bert\"}", "not supported")]
    public void ABadConfigIsTypedAndNamed(string json, string problem)
    {
        var (dir, _) = Copy();
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, json);

        var error = Assert.IsAssignableFrom<ModelFormatException>(Failure(dir, load: false));
        Assert.Contains(config, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The bundled model cut at 24 lengths and its header corrupted at 96 seeded bytes: all typed.</summary>
    [Fact]
    public void EveryCutAndEveryCorruptedHeaderByteIsTyped()
    {
        var (dir, weights) = Copy();
        var original = File.ReadAllBytes(weights);
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var outcomes = new List<string>();
        foreach (var keep in Enumerable.Range(0, 24).Select(i => i < 12 ? i * headerEnd / 12 : headerEnd + (long)(i - 12) * (original.Length - headerEnd) / 12))
        {
            File.WriteAllBytes(weights, original[..(int)keep]);
            outcomes.Add(Outcome(dir, $"cut at {keep}"));
        }

        var random = new Random(12);
        for (var i = 0; i < 96; i++)
        {
            var corrupted = (byte[])original.Clone();
            corrupted[8 + random.Next(headerEnd - 8)] = (byte)random.Next(256);
            File.WriteAllBytes(weights, corrupted);
            outcomes.Add(Outcome(dir, $"header byte {i}"));
        }

        var untyped = outcomes.Where(o => o.StartsWith("UNTYPED", StringComparison.Ordinal)).ToList();
        Assert.True(untyped.Count == 0, $"{untyped.Count} of {outcomes.Count} untyped:\n" + string.Join("\n", untyped.Take(3)));
        Assert.True(outcomes.Count(o => o.StartsWith("typed", StringComparison.Ordinal)) >= 24, string.Join("\n", outcomes));
    }

    /// <summary>A llama2.c checkpoint cut at 16 lengths: all typed, naming the file.</summary>
    [Fact]
    public void EveryCutOfALlama2cCheckpointIsTyped()
    {
        using var scope = torch.NewDisposeScope();
        var header = Llama2cTestModels.Small(shared: false);
        var path = temp.File("model.bin");
        Llama2cWriter.Write(path, header, Llama2cTestModels.RandomTensors(header));
        var original = File.ReadAllBytes(path);
        foreach (var keep in Enumerable.Range(0, 16).Select(i => i * (long)original.Length / 16))
        {
            File.WriteAllBytes(path, original[..(int)keep]);
            var error = Assert.IsAssignableFrom<ModelFormatException>(Failure(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
    }

    private static string Outcome(string dir, string what)
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            using var model = ModelLoader.Open(dir);
            using var reference = model.LoadReference();
            return $"loaded: {what}";
        }
        catch (ModelFormatException e)
        {
            return $"typed: {what}: {e.GetType().Name}";
        }
        catch (Exception e)
        {
            return $"UNTYPED: {what}: {e}";
        }
    }

    // The first failure of opening, then (when asked) loading the whole reference model.
    private static Exception Failure(string path, bool load = true)
    {
        using var scope = torch.NewDisposeScope();
        return Assert.ThrowsAny<Exception>(() =>
        {
            using var model = ModelLoader.Open(path);
            if (load)
            {
                using var reference = model.LoadReference();
            }
        });
    }

    private (string Dir, string Weights) Copy()
    {
        var source = ModelLoader.LocateBundled();
        var dir = Path.Combine(temp.Path, "model");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
        return (dir, Path.Combine(dir, "model.safetensors"));
    }

    private static (byte[] Header, byte[] Data) Split(string weights)
    {
        var bytes = File.ReadAllBytes(weights);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return (bytes[8..(8 + length)], bytes[(8 + length)..]);
    }

    private static void Write(string weights, byte[] header, byte[] data)
    {
        using var file = File.Create(weights);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        file.Write(prefix);
        file.Write(header);
        file.Write(data);
    }

    // Changes the header entry of the first two-dimensional tensor (by name) and returns its name.
    private static string Rewrite(string weights, Action<string, JsonObject> change)
    {
        var (header, data) = Split(weights);
        var json = JsonNode.Parse(header)!.AsObject();
        var name = json.Where(p => p.Key != "__metadata__" && p.Value!["shape"]!.AsArray().Count == 2 && p.Value!["shape"]![0]!.GetValue<long>() != p.Value!["shape"]![1]!.GetValue<long>())
            .Select(p => p.Key).Order(StringComparer.Ordinal).First();
        change(name, json[name]!.AsObject());
        Write(weights, Encoding.UTF8.GetBytes(json.ToJsonString()), data);
        return name;
    }
}
