using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Splitwise.Inference.Formats;

/// <summary>One tensor entry of a safetensors header; offsets are relative to the data section.</summary>
internal sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>Parses and checks the JSON header of a safetensors file.</summary>
internal static class SafetensorsHeader
{
    /// <summary>Item sizes of every dtype the safetensors spec defines, readable by us or not.</summary>
    private static readonly Dictionary<string, int> SpecItemSizes = new()
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    public static (Dictionary<string, SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(
        string path, ReadOnlySpan<byte> json, long dataLength, long dataStart)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and fails only when one is read, untyped.
        if (!Utf8.IsValid(json))
            throw new CorruptModelFileException(path, "header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new CorruptModelFileException(path, $"header is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CorruptModelFileException(path, "header is not a JSON object");
            var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ParseMetadata(path, property.Value, metadata);
                    continue;
                }
                var entry = ParseEntry(path, property.Name, property.Value, dataLength, dataStart);
                if (!entries.TryAdd(entry.Name, entry))
                    throw new CorruptModelFileException(path, $"tensor '{entry.Name}' appears twice in the header");
            }
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new CorruptModelFileException(path, "__metadata__ is not a JSON object");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new CorruptModelFileException(path, $"__metadata__ value '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ParseEntry(string path, string name, JsonElement value, long dataLength, long dataStart)
    {
        string Problem(string what) => $"tensor '{name}': {what}";
        if (value.ValueKind != JsonValueKind.Object)
            throw new CorruptModelFileException(path, Problem("entry is not a JSON object"));
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new CorruptModelFileException(path, Problem("missing string 'dtype'"));
        var shape = ReadIntegers(path, name, value, "shape");
        var offsets = ReadIntegers(path, name, value, "data_offsets");
        if (offsets.Length != 2)
            throw new CorruptModelFileException(path, Problem($"data_offsets has {offsets.Length} values, expected 2"));
        long begin = offsets[0], end = offsets[1];
        if (end < begin)
            throw new CorruptModelFileException(path, Problem($"data_offsets [{begin}, {end}] end before they begin"));
        if (end > dataLength)
            throw new TruncatedFileException(path, dataStart + end, dataStart + dataLength);

        string dtype = dtypeElement.GetString()!;
        // Sizes are checked for every dtype the spec defines, so a wrong entry is caught at open even
        // for tensors we cannot convert (those fail with UnknownDTypeException only when read).
        if (SpecItemSizes.TryGetValue(dtype, out int itemSize))
        {
            long elements = 1;
            try
            {
                foreach (long d in shape) elements = checked(elements * d);
                long expectedBytes = checked(elements * itemSize);
                if (expectedBytes != end - begin)
                    throw new CorruptModelFileException(path, Problem(
                        $"{dtype} shape [{string.Join(", ", shape)}] needs {expectedBytes} bytes but data_offsets span {end - begin}"));
            }
            catch (OverflowException)
            {
                throw new CorruptModelFileException(path, Problem($"shape [{string.Join(", ", shape)}] is too large"));
            }
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(string path, string name, JsonElement entry, string field)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new CorruptModelFileException(path, $"tensor '{name}': missing array '{field}'");
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
                throw new CorruptModelFileException(path, $"tensor '{name}': '{field}' holds {item.GetRawText()}, not a non-negative integer");
            values[i++] = v;
        }
        return values;
    }

    /// <summary>Serialises a header as the spec writes it: padded with spaces to a multiple of 8 bytes.</summary>
    public static byte[] Serialize(IEnumerable<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            foreach (var entry in entries)
            {
                writer.WriteStartObject(entry.Name);
                writer.WriteString("dtype", entry.DType);
                writer.WriteStartArray("shape");
                foreach (long d in entry.Shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(entry.Begin);
                writer.WriteNumberValue(entry.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }
}
