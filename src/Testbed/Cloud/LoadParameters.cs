using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitwise.Testbed.Cloud;

/// <summary>
/// A fitted serving workload: a Markov-modulated Poisson arrival process (one rate per state, held for a window of
/// <see cref="WindowSeconds"/>, moving between states by <see cref="Transitions"/>) and log-normal prompt and output
/// lengths clipped to the ranges seen. Written by <see cref="LoadFitter"/>, read back from JSON.
/// </summary>
public sealed record LoadParameters(
    string Method,
    string FittedTo,
    double WindowSeconds,
    double[] RatesPerSecond,
    double[][] Transitions,
    LengthFit Prompt,
    LengthFit Output)
{
    /// <summary>Mean arrivals per second over the chain's stationary distribution (power iteration).</summary>
    [JsonIgnore]
    public double MeanRatePerSecond
    {
        get
        {
            var k = RatesPerSecond.Length;
            var p = Enumerable.Repeat(1.0 / k, k).ToArray();
            for (var it = 0; it < 500; it++)
            {
                var next = new double[k];
                for (var i = 0; i < k; i++)
                for (var j = 0; j < k; j++)
                    next[j] += p[i] * Transitions[i][j];
                p = next;
            }

            return p.Select((x, i) => x * RatesPerSecond[i]).Sum();
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

    public static LoadParameters FromJson(string json) =>
        JsonSerializer.Deserialize<LoadParameters>(json) ?? throw new ArgumentException("empty load parameters");
}

/// <summary>A log-normal length: mean and sd of ln(tokens), clipped to [Min, Max].</summary>
public sealed record LengthFit(double LogMean, double LogSd, int Min, int Max)
{
    public int Draw(Random random)
    {
        // Box-Muller: one normal draw from two uniforms.
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(Math.Round(Math.Exp(LogMean + LogSd * z)), Min, Max);
    }

    public static LengthFit Of(IEnumerable<int> lengths)
    {
        var logs = lengths.Select(l => Math.Log(Math.Max(1, l))).ToArray();
        var mean = logs.Average();
        var sd = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, logs.Length - 1));
        return new LengthFit(mean, sd, (int)Math.Round(Math.Exp(logs.Min())), (int)Math.Round(Math.Exp(logs.Max())));
    }
}
