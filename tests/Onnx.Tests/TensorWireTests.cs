using Splitwise.Onnx.Runtime;

namespace Splitwise.Onnx.Tests;

public sealed class TensorWireTests
{
    [Fact]
    public void A_tensor_round_trips_exactly_with_a_shape_header()
    {
        var tensor = FloatTensor.Random([2, 3, 4], seed: 3);

        var bytes = TensorWire.Encode(tensor);
        var decoded = TensorWire.Decode(bytes);

        Assert.Equal(4 + 3 * 8 + 24 * 4, bytes.Length);
        Assert.Equal(tensor.Shape, decoded.Shape);
        Assert.Equal(tensor.Data, decoded.Data);
    }

    [Fact]
    public void Short_or_inconsistent_bytes_are_rejected()
    {
        var bytes = TensorWire.Encode(FloatTensor.Random([2, 2], seed: 4));

        Assert.Throws<FormatException>(() => TensorWire.Decode(bytes.AsSpan(0, 2)));
        Assert.Throws<FormatException>(() => TensorWire.Decode(bytes.AsSpan(0, bytes.Length - 4)));
    }
}
