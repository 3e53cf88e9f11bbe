using System.Text;
using System.Text.Json;

namespace Splitwise.Testbed.Learning;

/// <summary>What a policy file says about itself: the format and version, what it was trained for and how.</summary>
public sealed record PolicyHeader(
    string Format,
    int Version,
    string Scenario,
    string Ablation,
    string Codec,
    string Model,
    string Device,
    int Features,
    int Hidden,
    int LstmHidden,
    PpoOptions Options,
    int Updates,
    double TrainingSeconds,
    double FinalMeanReward,
    string Command);

/// <summary>
/// A trained controller on disk, small and versioned: the ASCII magic <c>SWPOLICY</c>, a format version (int32), the
/// header as JSON (<see cref="PolicyHeader"/>: scenario, ablation, shape, hyper-parameters, training time), the weight
/// tensors in <see cref="NetworkShape.Tensors"/> order (count, then each: length and float32 values, little-endian),
/// and the ASCII trailer <c>END!</c>. Reading checks every part: a bad or truncated file is a
/// <see cref="PolicyFileException"/>.
/// </summary>
public static class PolicyFile
{
    public const int Version = 1;
    private const string Magic = "SWPOLICY", Trailer = "END!";
    private static readonly JsonSerializerOptions Json = PpoCheckpoint.Json;

    public static void Write(string path, PolicyHeader header, PolicyWeights weights)
    {
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } dir)
            Directory.CreateDirectory(dir);
        using var w = new BinaryWriter(File.Create(path), Encoding.UTF8);
        w.Write(Encoding.ASCII.GetBytes(Magic));
        w.Write(Version);
        w.Write(JsonSerializer.Serialize(header with { Format = "splitwise-policy", Version = Version }, Json));
        w.Write(weights.Tensors.Count);
        foreach (var t in weights.Tensors)
        {
            w.Write(t.Length);
            foreach (var v in t)
                w.Write(v);
        }

        w.Write(Encoding.ASCII.GetBytes(Trailer));
    }

    /// <exception cref="MissingPolicyException">no file at <paramref name="path"/>.</exception>
    /// <exception cref="PolicyFileException">not a policy file, another version, truncated, or weights that do not fit its shape.</exception>
    public static (PolicyHeader Header, PolicyWeights Weights) Read(string path, string trainCommand)
    {
        if (!File.Exists(path))
            throw new MissingPolicyException(path, trainCommand);
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (Encoding.ASCII.GetString(r.ReadBytes(Magic.Length)) != Magic)
                throw new PolicyFileException(path, $"not a policy file (no {Magic} header)");
            var version = r.ReadInt32();
            if (version != Version)
                throw new PolicyFileException(path, $"format version {version}, this build reads {Version}");
            var header = JsonSerializer.Deserialize<PolicyHeader>(r.ReadString(), Json) ?? throw new PolicyFileException(path, "empty header");
            var shape = new NetworkShape(header.Features, header.Hidden, header.LstmHidden);
            if (header.Features != StateFeatures.Count)
                throw new PolicyFileException(path, $"trained on {header.Features} state features, this build has {StateFeatures.Count}");
            var count = r.ReadInt32();
            if (count != shape.Tensors.Count)
                throw new PolicyFileException(path, $"{count} weight tensors, the network has {shape.Tensors.Count}");
            var tensors = new List<float[]>();
            foreach (var (name, dims) in shape.Tensors)
            {
                var n = r.ReadInt32();
                var expected = dims.Aggregate(1, (a, b) => a * b);
                if (n != expected)
                    throw new PolicyFileException(path, $"tensor {name} has {n} values, its shape needs {expected}");
                var bytes = r.ReadBytes(4 * n);
                if (bytes.Length != 4 * n)
                    throw new PolicyFileException(path, $"truncated in tensor {name}");
                var t = new float[n];
                Buffer.BlockCopy(bytes, 0, t, 0, bytes.Length);
                if (t.Any(v => !float.IsFinite(v)))
                    throw new PolicyFileException(path, $"tensor {name} holds a value that is not finite");
                tensors.Add(t);
            }

            if (Encoding.ASCII.GetString(r.ReadBytes(Trailer.Length)) != Trailer)
                throw new PolicyFileException(path, "truncated (no END! trailer)");
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new PolicyFileException(path, "bytes after the END! trailer");
            return (header, new PolicyWeights(shape, tensors));
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or FormatException or IOException && e is not PolicyFileException)
        {
            throw new PolicyFileException(path, $"truncated or damaged ({e.Message})");
        }
    }
}
