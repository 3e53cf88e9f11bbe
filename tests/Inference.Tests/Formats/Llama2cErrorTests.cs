using Splitwise.Inference.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Formats;

public class Llama2cErrorTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string GoodFile()
    {
        var header = Llama2cTestModels.Small(shared: true);
        var path = temp.File("model.bin");
        Llama2cWriter.Write(path, header, Llama2cTestModels.RandomTensors(header));
        return path;
    }

    private string HeaderOnly(params int[] fields)
    {
        var path = temp.File("header.bin");
        using var writer = new BinaryWriter(File.Create(path));
        foreach (int field in fields) writer.Write(field);
        writer.Write(new byte[64]);
        return path;
    }

    [Fact]
    public void TruncatedData()
    {
        using var scope = torch.NewDisposeScope();
        var path = GoodFile();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var error = Assert.Throws<TruncatedFileException>(() => new Llama2cCheckpoint(path));
        Assert.Contains($"needs {bytes.Length} bytes", error.Message);
    }

    [Fact]
    public void TruncatedHeader()
    {
        using var scope = torch.NewDisposeScope();
        var path = temp.File("short.bin");
        File.WriteAllBytes(path, new byte[10]);
        Assert.Throws<TruncatedFileException>(() => new Llama2cCheckpoint(path));
        File.WriteAllBytes(path, []);
        Assert.Throws<TruncatedFileException>(() => new Llama2cCheckpoint(path));
    }

    [Fact]
    public void TrailingBytesMeanTheHeaderIsWrong()
    {
        using var scope = torch.NewDisposeScope();
        var path = GoodFile();
        File.AppendAllText(path, "extra!!!");
        var error = Assert.Throws<CorruptModelFileException>(() => new Llama2cCheckpoint(path));
        Assert.Contains("8 bytes beyond", error.Message);
    }

    [Theory]
    [InlineData(new[] { 10, 24, 1, 4, 4, 11, 5 }, "n_heads (4) does not divide dim (10)")]
    [InlineData(new[] { 16, 24, 1, 4, 3, 11, 5 }, "n_kv_heads (3) does not divide n_heads (4)")]
    [InlineData(new[] { 12, 24, 1, 4, 4, 11, 5 }, "head size (3) is odd")]
    [InlineData(new[] { 16, 0, 1, 4, 4, 11, 5 }, "positive")]
    [InlineData(new[] { 16, 24, -1, 4, 4, 11, 5 }, "positive")]
    [InlineData(new[] { 16, 24, 1, 4, 4, int.MinValue, 5 }, "positive")]
    [InlineData(new[] { 1 << 30, int.MaxValue, int.MaxValue, 2, 2, int.MaxValue, 2 }, "impossibly large")]
    public void ImpossibleHeaders(int[] fields, string problem)
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<CorruptModelFileException>(() => new Llama2cCheckpoint(HeaderOnly(fields)));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void HugeLayerCountIsTruncationNotAHang()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TruncatedFileException>(() => new Llama2cCheckpoint(HeaderOnly(16, 24, int.MaxValue, 4, 4, 11, 5)));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void UnsupportedVersion()
    {
        using var scope = torch.NewDisposeScope();
        var path = temp.File("v2.bin");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write(0x616b3432u);
            writer.Write(2);
            writer.Write(new byte[248]);
        }
        var error = Assert.Throws<CorruptModelFileException>(() => new Llama2cCheckpoint(path));
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void WriterRejectsMissingAndMisshapenTensors()
    {
        using var scope = torch.NewDisposeScope();
        var header = Llama2cTestModels.Small(shared: false);
        var tensors = Llama2cTestModels.RandomTensors(header);
        var path = temp.File("out.bin");

        var withoutHead = new Dictionary<string, torch.Tensor>(tensors);
        withoutHead.Remove("lm_head.weight");
        Assert.Throws<MissingTensorException>(() => Llama2cWriter.Write(path, header, withoutHead));
        // A shared classifier needs no lm_head.
        Llama2cWriter.Write(path, header with { SharedClassifier = true }, withoutHead);

        var misshapen = new Dictionary<string, torch.Tensor>(tensors)
        {
            ["model.layers.1.self_attn.k_proj.weight"] = torch.zeros(16, 16),
        };
        var error = Assert.Throws<ShapeMismatchException>(() => Llama2cWriter.Write(path, header, misshapen));
        Assert.Contains("expected [8, 16]", error.Message);
        Assert.Throws<CorruptModelFileException>(() => Llama2cWriter.Write(path, header with { NKvHeads = 3 }, tensors));
    }
}
