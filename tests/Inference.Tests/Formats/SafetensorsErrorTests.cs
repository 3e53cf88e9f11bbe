using System.Text;
using Splitwise.Inference.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Formats;

/// <summary>Each broken file fails with the typed error that names its problem.</summary>
public class SafetensorsErrorTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string GoodFile()
    {
        var path = temp.File("good.safetensors");
        SafetensorsWriter.WriteArrays(path, [
            new("a", (new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 })),
            new("b", (new float[] { 7, 8 }, new long[] { 2 })),
        ]);
        return path;
    }

    /// <summary>A file with a hand-written header and <paramref name="dataBytes"/> zero bytes of data.</summary>
    private string FileWithHeader(string json, int dataBytes)
    {
        var path = temp.File("handmade.safetensors");
        var header = Encoding.UTF8.GetBytes(json);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)header.Length));
        stream.Write(header);
        stream.Write(new byte[dataBytes]);
        return path;
    }

    [Fact]
    public void HeaderLongerThanTheLimit()
    {
        var path = GoodFile();
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(200UL * 1024 * 1024).CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<HeaderTooLargeException>(() => new SafetensorsFile(path));
        Assert.Contains("limit", error.Message);
    }

    [Fact]
    public void FileShorterThanTheLengthPrefix()
    {
        var path = temp.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<TruncatedFileException>(() => new SafetensorsFile(path));
        File.WriteAllBytes(path, []);
        Assert.Throws<TruncatedFileException>(() => new SafetensorsFile(path));
    }

    [Fact]
    public void FileShorterThanTheHeader()
    {
        var path = GoodFile();
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]);
        Assert.Throws<TruncatedFileException>(() => new SafetensorsFile(path));
    }

    [Fact]
    public void DataCutShort()
    {
        var path = GoodFile();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var error = Assert.Throws<TruncatedFileException>(() => new SafetensorsFile(path));
        Assert.Contains($"needs {bytes.Length} bytes", error.Message);
    }

    [Fact]
    public void InvalidJson()
    {
        var path = GoodFile();
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'['; // the header's opening brace
        File.WriteAllBytes(path, bytes);
        Assert.Throws<CorruptModelFileException>(() => new SafetensorsFile(path));
        Assert.Throws<CorruptModelFileException>(() => new SafetensorsFile(FileWithHeader("not json", 0)));
        Assert.Throws<CorruptModelFileException>(() => new SafetensorsFile(FileWithHeader("[1, 2]", 0)));
    }

    [Theory]
    [InlineData("""{"x":{"shape":[2],"data_offsets":[0,8]}}""", "dtype")]
    [InlineData("""{"x":{"dtype":"F32","data_offsets":[0,8]}}""", "shape")]
    [InlineData("""{"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "non-negative")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[8]}}""", "data_offsets")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "end before")]
    [InlineData("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "needs 12 bytes")]
    [InlineData("""{"x":{"dtype":"I64","shape":[2],"data_offsets":[0,8]}}""", "needs 16 bytes")]
    [InlineData("""{"__metadata__":{"n":1}}""", "not a string")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "twice")]
    public void MalformedEntries(string json, string problem)
    {
        var error = Assert.Throws<CorruptModelFileException>(() => new SafetensorsFile(FileWithHeader(json, 8)));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void OffsetsBeyondTheFile()
    {
        var path = FileWithHeader("""{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8);
        Assert.Throws<TruncatedFileException>(() => new SafetensorsFile(path));
    }

    [Fact]
    public void UnsupportedDTypesOpenButCannotBeRead()
    {
        var path = FileWithHeader(
            """{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"odd":{"dtype":"Q4","shape":[1],"data_offsets":[8,9]},"w":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""",
            16);
        using var file = new SafetensorsFile(path);
        Assert.Equal(["ids", "odd", "w"], file.Names);
        var error = Assert.Throws<UnknownDTypeException>(() => file.Info("ids"));
        Assert.Contains("I64", error.Message);
        Assert.Throws<UnknownDTypeException>(() => file.ReadRows("ids", 0, 1));
        Assert.Throws<UnknownDTypeException>(() => file.ReadColumns("odd", 0, 1));
        using var w = file.ReadRows("w", 0, 1);
        Assert.Equal(0f, w.item<float>());
    }

    [Fact]
    public void MissingTensor()
    {
        using var file = new SafetensorsFile(GoodFile());
        Assert.False(file.Contains("nope"));
        var error = Assert.Throws<MissingTensorException>(() => file.Info("nope"));
        Assert.Contains("'nope'", error.Message);
        Assert.Throws<MissingTensorException>(() => file.ReadRows("nope", 0, 1));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 3)]
    [InlineData(2, 1)]
    [InlineData(1, -1)]
    [InlineData(long.MaxValue, 2)]
    public void RowsOutOfRange(long start, long count)
    {
        using var file = new SafetensorsFile(GoodFile());
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadRows("a", start, count));
    }

    [Fact]
    public void ColumnsOutOfRangeOrNotTwoDimensional()
    {
        using var file = new SafetensorsFile(GoodFile());
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadColumns("a", 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadColumns("a", -1, 1));
        Assert.Throws<ArgumentException>(() => file.ReadColumns("b", 0, 1));
        using var scope = torch.NewDisposeScope();
        Assert.Equal([2f, 3f, 5f, 6f], file.ReadColumns("a", 1, 2).data<float>().ToArray());
    }
}
