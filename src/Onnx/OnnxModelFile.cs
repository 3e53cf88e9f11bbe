using Google.Protobuf;
using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx;

/// <summary>Reads and writes ONNX model files (a serialized <see cref="ModelProto"/>), with typed errors.</summary>
public static class OnnxModelFile
{
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new OnnxFormatException(path, "no such file");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static ModelProto Parse(ReadOnlySpan<byte> bytes, string source = "<bytes>")
    {
        if (bytes.IsEmpty)
        {
            throw new OnnxFormatException(source, "empty input, not an ONNX model");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e) when (e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase))
        {
            throw new OnnxFormatException(source, "truncated: the protobuf ends inside a field", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException(source, "not an ONNX model (not a valid protobuf ModelProto): " + e.Message, e);
        }

        // Protobuf accepts many unrelated byte strings as a message made only of unknown fields; an ONNX model
        // always has an IR version and a graph.
        if (!model.HasIrVersion || model.Graph is null)
        {
            throw new OnnxFormatException(source, "not an ONNX model (no ir_version or no graph)");
        }

        return model;
    }

    public static byte[] ToBytes(ModelProto model) => model.ToByteArray();

    public static void Write(ModelProto model, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, model.ToByteArray());
    }
}
