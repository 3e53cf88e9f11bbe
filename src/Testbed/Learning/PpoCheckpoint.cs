using System.Text;
using System.Text.Json;
using Splitwise.Testbed.Environment;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// A training run's state after an update: the next update's index, the weights, Adam's moments and step count, the
/// learning curve and the seconds spent. Written (atomically: a temporary file, then a rename) to
/// <c>DIR/ppo-{scenario}-{ablation}.ckpt</c> after every update; a resume checks that it was made for the same scenario,
/// ablation and hyper-parameters (all but the number of updates).
/// </summary>
public sealed class PpoCheckpoint
{
    private const string Magic = "SWPPOCK1";

    /// <summary>NaN (an update that served no request has no mean latency) and infinities written as strings.</summary>
    internal static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public required int NextUpdate { get; init; }

    public required PolicyWeights Weights { get; init; }

    public required IReadOnlyList<float[]> First { get; init; }

    public required IReadOnlyList<float[]> Second { get; init; }

    public required long AdamSteps { get; init; }

    public required IReadOnlyList<UpdateReport> Curve { get; init; }

    public required double Seconds { get; init; }

    public static string PathOf(string directory, Scenario scenario, Ablation ablation) =>
        System.IO.Path.Combine(directory, $"ppo-{scenario.Name}-{ablation.ToString().ToLowerInvariant()}.ckpt");

    private static string Key(Scenario scenario, Ablation ablation, PpoOptions o) =>
        JsonSerializer.Serialize(new { scenario = scenario.Name, scenario.Model, scenario.Device, ablation = ablation.ToString(), options = o with { Updates = 0 } }, Json);

    public static void Save(string directory, Scenario scenario, Ablation ablation, PpoOptions o, int nextUpdate, PolicyWeights weights, Adam adam,
        IReadOnlyList<UpdateReport> curve, double seconds)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, scenario, ablation);
        var temporary = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            w.Write(Encoding.ASCII.GetBytes(Magic));
            w.Write(Key(scenario, ablation, o));
            w.Write(nextUpdate);
            w.Write(adam.Steps);
            w.Write(seconds);
            w.Write(JsonSerializer.Serialize(curve, Json));
            w.Write(weights.Tensors.Count);
            for (var i = 0; i < weights.Tensors.Count; i++)
            {
                Floats(w, weights.Tensors[i]);
                Floats(w, adam.First[i].data<float>().ToArray());
                Floats(w, adam.Second[i].data<float>().ToArray());
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <returns>null when there is no checkpoint yet (a fresh run).</returns>
    /// <exception cref="PolicyFileException">a checkpoint for another run, or a damaged one.</exception>
    public static PpoCheckpoint? Load(string directory, Scenario scenario, Ablation ablation, PpoOptions o)
    {
        var path = PathOf(directory, scenario, ablation);
        if (!File.Exists(path))
            return null;
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (Encoding.ASCII.GetString(r.ReadBytes(Magic.Length)) != Magic)
                throw new PolicyFileException(path, "not a PPO checkpoint");
            if (r.ReadString() != Key(scenario, ablation, o))
                throw new PolicyFileException(path, "a checkpoint of another scenario, ablation or hyper-parameters: resume with the same options or another --checkpoint-dir");
            var next = r.ReadInt32();
            var steps = r.ReadInt64();
            var seconds = r.ReadDouble();
            var curve = JsonSerializer.Deserialize<List<UpdateReport>>(r.ReadString(), Json) ?? [];
            var count = r.ReadInt32();
            var shape = new NetworkShape(StateFeatures.Count, o.Hidden, o.LstmHidden);
            if (count != shape.Tensors.Count)
                throw new PolicyFileException(path, $"{count} tensors, the network has {shape.Tensors.Count}");
            var (weights, first, second) = (new List<float[]>(), new List<float[]>(), new List<float[]>());
            for (var i = 0; i < count; i++)
            {
                weights.Add(Floats(r));
                first.Add(Floats(r));
                second.Add(Floats(r));
            }

            return new PpoCheckpoint
            {
                NextUpdate = next, Weights = new PolicyWeights(shape, weights), First = first, Second = second, AdamSteps = steps, Curve = curve, Seconds = seconds,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or JsonException)
        {
            throw new PolicyFileException(path, $"damaged checkpoint ({e.Message})");
        }
    }

    private static void Floats(BinaryWriter w, float[] x)
    {
        w.Write(x.Length);
        foreach (var v in x)
            w.Write(v);
    }

    private static float[] Floats(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0 || n > 100_000_000)
            throw new EndOfStreamException($"a tensor of {n} values");
        var x = new float[n];
        for (var i = 0; i < n; i++)
            x[i] = r.ReadSingle();
        return x;
    }
}
