using Splitwise.Inference.Codecs;
using TorchSharp;
using static TorchSharp.torch;

namespace Splitwise.Inference.Tests.Codecs;

/// <summary>Needs TorchSharp's native library, unlike the codec tests.</summary>
public class ActivationCodecTensorExtensionsTests
{
    [Fact]
    public void MatrixTensorRoundTripsThroughSpanEncoding()
    {
        float[] values = ActivationTestData.Rows(seed: 7, rows: 3, cols: 5, [1f, 10f]);
        using Tensor tensor = torch.tensor(values, [3, 5]);

        byte[] encoded = ActivationCodecs.Fp32.Encode(tensor);
        using Tensor decoded = ActivationCodecs.Fp32.DecodeToTensor(encoded);

        Assert.Equal(ActivationCodecs.Fp32.Encode(values, 3, 5), encoded);
        Assert.Equal([3L, 5L], decoded.shape);
        Assert.Equal(ScalarType.Float32, decoded.dtype);
        Assert.Equal(values, decoded.data<float>().ToArray());
    }

    [Fact]
    public void VectorTensorIsOneRowAndComesBackAsOneByCols()
    {
        using Tensor tensor = torch.tensor(new float[] { 1f, -2f, 3f });

        using Tensor decoded = ActivationCodecs.Int8.DecodeToTensor(ActivationCodecs.Int8.Encode(tensor));

        Assert.Equal([1L, 3L], decoded.shape);
        Assert.Equal(ActivationCodecs.Int8.Decode(ActivationCodecs.Int8.Encode([1f, -2f, 3f], 1, 3)).Values, decoded.data<float>().ToArray());
    }

    [Fact]
    public void ContiguousSliceEncodesOnlyItsOwnRows()
    {
        using Tensor whole = torch.arange(12, dtype: ScalarType.Float32).reshape(4, 3);
        using Tensor lastTwoRows = whole.narrow(0, 2, 2);

        Activation decoded = ActivationCodecs.Fp32.Decode(ActivationCodecs.Fp32.Encode(lastTwoRows));

        Assert.Equal([6f, 7f, 8f, 9f, 10f, 11f], decoded.Values);
    }

    [Fact]
    public void EmptyTensorRoundTrips()
    {
        using Tensor tensor = torch.empty(0, 8, dtype: ScalarType.Float32);

        using Tensor decoded = ActivationCodecs.Fp16.DecodeToTensor(ActivationCodecs.Fp16.Encode(tensor));

        Assert.Equal([0L, 8L], decoded.shape);
    }

    [Fact]
    public void UnsupportedTensorsAreRejected()
    {
        using Tensor doubles = torch.zeros(2, 3, dtype: ScalarType.Float64);
        using Tensor cube = torch.zeros(2, 3, 4);
        using Tensor transposed = torch.zeros(2, 3).t();

        Assert.Contains("float32", Assert.Throws<ArgumentException>(() => ActivationCodecs.Fp32.Encode(doubles)).Message);
        Assert.Contains("[2, 3, 4]", Assert.Throws<ArgumentException>(() => ActivationCodecs.Fp32.Encode(cube)).Message);
        Assert.Contains("contiguous", Assert.Throws<ArgumentException>(() => ActivationCodecs.Fp32.Encode(transposed)).Message);
    }
}
