using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Writes Hugging Face safetensors: u64 header length, JSON header (padded with spaces to 8-byte
/// alignment), then each tensor's little-endian bytes in the given order.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(
        string path,
        IEnumerable<KeyValuePair<string, torch.Tensor>> tensors,
        TensorDType dtype = TensorDType.F32,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var payloads = tensors.Select(kv => (kv.Key, Shape: kv.Value.shape, Bytes: ToBytes(kv.Value, dtype))).ToList();
        var header = new JsonObject();
        if (metadata is not null)
            header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        long offset = 0;
        foreach (var (name, shape, bytes) in payloads)
        {
            header[name] = new JsonObject
            {
                ["dtype"] = dtype.ToString(),
                ["shape"] = new JsonArray(shape.Select(s => (JsonNode?)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(json);
        for (var i = json.Length; i < padded; i++)
            file.WriteByte((byte)' ');
        foreach (var (_, _, bytes) in payloads)
            file.Write(bytes);
    }

    private static byte[] ToBytes(torch.Tensor tensor, TensorDType dtype)
    {
        using var t = tensor.detach().to(torch.float32).contiguous().cpu();
        var values = t.data<float>().ToArray();
        switch (dtype)
        {
            case TensorDType.F32:
                var f32 = new byte[values.Length * 4];
                for (var i = 0; i < values.Length; i++)
                    BinaryPrimitives.WriteSingleLittleEndian(f32.AsSpan(i * 4), values[i]);
                return f32;
            case TensorDType.F16:
                var f16 = new byte[values.Length * 2];
                for (var i = 0; i < values.Length; i++)
                    BinaryPrimitives.WriteHalfLittleEndian(f16.AsSpan(i * 2), (Half)values[i]);
                return f16;
            case TensorDType.BF16:
                var bf16 = new byte[values.Length * 2];
                for (var i = 0; i < values.Length; i++)
                    BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(i * 2), ToBFloat16(values[i]));
                return bf16;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
        }
    }

    /// <summary>Round to nearest even; NaN stays a (quiet) NaN.</summary>
    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return (ushort)((bits >> 16) | 0x40);
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
