using Splitwise.Inference.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Formats;

public class SafetensorsRoundTripTests
{
    private static KeyValuePair<string, torch.Tensor>[] SampleTensors() =>
    [
        new("model.embed_tokens.weight", torch.randn(7, 5, generator: torch.manual_seed(1))),
        new("model.norm.weight", torch.randn(5, generator: torch.manual_seed(2))),
        new("model.layers.0.mlp.up_proj.weight", torch.randn(3, 4, 2, generator: torch.manual_seed(3))),
    ];

    // Tolerances: F16 keeps 11 significant bits, BF16 8; randn values stay below 8 in magnitude.
    [Theory]
    [InlineData(TensorDType.F32, 0.0)]
    [InlineData(TensorDType.F16, 4e-3)]
    [InlineData(TensorDType.BF16, 4e-2)]
    public void WholeTensorsAndSlicesRoundTrip(TensorDType dtype, double tolerance)
    {
        using var scope = torch.NewDisposeScope();
        using var temp = new TempDirectory();
        var tensors = SampleTensors();
        var path = temp.File("model.safetensors");
        SafetensorsWriter.Write(path, tensors, dtype, new Dictionary<string, string> { ["format"] = "pt" });

        using var file = new SafetensorsFile(path);
        Assert.Equal(tensors.Select(t => t.Key).Order(StringComparer.Ordinal), file.Names);
        Assert.Equal("pt", file.Metadata["format"]);
        foreach (var (name, expected) in tensors)
        {
            var info = file.Info(name);
            Assert.Equal(dtype, info.DType);
            Assert.Equal(expected.shape, info.Shape);
            Assert.True(file.Read(name).allclose(expected, rtol: 0, atol: tolerance), name);
        }

        var embedding = tensors[0].Value;
        Assert.True(file.ReadRows(tensors[0].Key, 2, 3).allclose(embedding[2..5], rtol: 0, atol: tolerance));
        Assert.True(file.ReadColumns(tensors[0].Key, 1, 3).allclose(embedding[.., 1..4], rtol: 0, atol: tolerance));
        var threeD = tensors[2].Value;
        Assert.True(file.ReadRows(tensors[2].Key, 1, 2).allclose(threeD[1..3], rtol: 0, atol: tolerance));
        Assert.Equal([0L, 5L], file.ReadRows(tensors[0].Key, 7, 0).shape);
    }

    [Fact]
    public void HalfPrecisionWritesRoundToNearestEven()
    {
        using var temp = new TempDirectory();
        var path = temp.File("rounding.safetensors");
        // 1 + 2^-8 lies halfway between two BF16 values (1 and 1 + 2^-7): ties go to the even one, 1.
        // 1 + 3*2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: ties go to 1 + 2^-6.
        float[] values = [1f + 1f / 256, 1f + 3f / 256, 1f + 1f / 2048, 1f + 3f / 2048];
        SafetensorsWriter.WriteArrays(path, [new("x", (values, new long[] { 4 }))], TensorDType.BF16);
        using (var file = new SafetensorsFile(path))
            Assert.Equal([1f, 1f + 1f / 64, 1f, 1f], file.Read("x").data<float>().ToArray());

        SafetensorsWriter.WriteArrays(path, [new("x", (values, new long[] { 4 }))], TensorDType.F16);
        using (var file = new SafetensorsFile(path))
            // F16 has 10 fraction bits: 1 + 2^-11 ties to 1, 1 + 3*2^-11 ties to 1 + 2^-9.
            Assert.Equal([1f + 1f / 256, 1f + 3f / 256, 1f, 1f + 1f / 512], file.Read("x").data<float>().ToArray());
    }

    [Fact]
    public void HeaderIsPaddedWithSpacesToEightBytes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("pad.safetensors");
        SafetensorsWriter.WriteArrays(path, [new("a", (new float[] { 1, 2, 3 }, new long[] { 3 }))]);
        var bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + 12, bytes.Length);
        Assert.Equal((byte)'}', bytes[8..(int)(8 + headerLength)].Reverse().SkipWhile(b => b == (byte)' ').First());
    }

    [Fact]
    public void BFloat16ConversionIsExactForLongVectors()
    {
        // Longer than any SIMD width, with a scalar tail, so both conversion paths run.
        using var scope = torch.NewDisposeScope();
        using var temp = new TempDirectory();
        var path = temp.File("long.safetensors");
        var values = torch.randn(1037, generator: torch.manual_seed(4)).to_type(torch.ScalarType.BFloat16).to_type(torch.ScalarType.Float32);
        SafetensorsWriter.Write(path, [new KeyValuePair<string, torch.Tensor>("v", values)], TensorDType.BF16);
        using var file = new SafetensorsFile(path);
        Assert.True(file.Read("v").allclose(values, rtol: 0, atol: 0));
        Assert.True(file.ReadRows("v", 13, 1000).allclose(values[13..1013], rtol: 0, atol: 0));
    }
}
