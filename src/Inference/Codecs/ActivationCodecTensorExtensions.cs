using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Lets model code hand tensors straight to a codec. Kept apart from the codecs so that they stay
/// plain span code with no native dependency. Data is copied once, through a span over the
/// tensor's memory (<see cref="Tensor.bytes"/>): <c>data&lt;float&gt;()</c>'s accessor copies
/// element by element through an index iterator, which is far slower on this hot path.
/// </summary>
public static class ActivationCodecTensorExtensions
{
    /// <summary>
    /// Encodes a contiguous fp32 CPU tensor of shape [rows, cols], or [cols] as one row.
    /// Other shapes, dtypes, devices and non-contiguous views are rejected rather than silently
    /// copied, so a caller never pays for a hidden conversion.
    /// </summary>
    public static byte[] Encode(this IActivationCodec codec, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"activation tensor must be float32, is {tensor.dtype}", nameof(tensor));
        }

        if (tensor.device_type != DeviceType.CPU)
        {
            throw new ArgumentException($"activation tensor must be on the CPU, is on {tensor.device}", nameof(tensor));
        }

        if (!tensor.is_contiguous())
        {
            throw new ArgumentException("activation tensor must be contiguous; call .contiguous() first", nameof(tensor));
        }

        var (rows, cols) = ShapeOf(tensor);
        ReadOnlySpan<float> values = rows * (long)cols == 0 ? [] : MemoryMarshal.Cast<byte, float>(tensor.bytes);
        return codec.Encode(values, rows, cols);
    }

    /// <summary>Decodes to a new fp32 CPU tensor of shape [rows, cols] (a [cols] input comes back as [1, cols]).</summary>
    public static Tensor DecodeToTensor(this IActivationCodec codec, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(codec);
        Activation activation = codec.Decode(encoded);
        Tensor tensor = torch.empty(activation.Rows, activation.Cols, dtype: ScalarType.Float32, device: torch.CPU);
        if (activation.Values.Length > 0)
        {
            activation.Values.AsSpan().CopyTo(MemoryMarshal.Cast<byte, float>(tensor.bytes));
        }

        return tensor;
    }

    private static (int Rows, int Cols) ShapeOf(Tensor tensor)
    {
        long[] shape = tensor.shape;
        (long rows, long cols) = shape.Length switch
        {
            1 => (1L, shape[0]),
            2 => (shape[0], shape[1]),
            _ => throw new ArgumentException(
                $"activation tensor must be [rows, cols] or [cols], is [{string.Join(", ", shape)}]", nameof(tensor)),
        };

        if (rows > int.MaxValue || cols > int.MaxValue)
        {
            throw new ArgumentException($"activation tensor [{string.Join(", ", shape)}] is too large to encode", nameof(tensor));
        }

        return ((int)rows, (int)cols);
    }
}
