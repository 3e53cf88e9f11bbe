using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitwise.Testbed.Synthetic;

/// <summary>
/// One bandwidth state: capacity is log-normal within it, exp(N(LogMean, LogSd^2)) Mbit/s, clamped to the range the
/// fitted data showed in this state ([MinMbps, MaxMbps]): the lowest state spans three decades, and an unclamped
/// log-normal with that spread draws capacities no trace ever showed.
/// </summary>
public sealed record BandwidthState(string Name, double LogMean, double LogSd, double MinMbps, double MaxMbps, double MeanRttMs, double Share)
{
    public double Draw(double z) => Math.Clamp(Math.Exp(LogMean + LogSd * z), MinMbps, MaxMbps);
}

/// <summary>
/// A Markov-modulated link: <see cref="States"/> are the bandwidth states, and state index States.Count is the outage state
/// (capacity 0). Each step (<see cref="StepSeconds"/>) the chain moves by <see cref="Transitions"/> (rows sum to 1,
/// States.Count + 1 square). Within a bandwidth state the log-capacity residual follows an AR(1) with coefficient
/// <see cref="Ar1"/>, so consecutive seconds in one state are correlated as in the real traces.
/// </summary>
public sealed record MarkovLinkParameters(
    string Method,
    string FittedTo,
    double StepSeconds,
    IReadOnlyList<BandwidthState> States,
    double OutageShare,
    double OutageRttMs,
    IReadOnlyList<IReadOnlyList<double>> Transitions,
    double Ar1)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    [JsonIgnore]
    public int OutageState => States.Count;

    [JsonIgnore]
    public int StateCount => States.Count + 1;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static MarkovLinkParameters FromJson(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<MarkovLinkParameters>(json) ?? throw new ArgumentException("link parameters JSON is null")).Validated();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"link parameters are not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Throws with the reason when the parameters cannot drive a chain (bad JSON edited by hand, a broken fit).</summary>
    public MarkovLinkParameters Validated()
    {
        if (States is null || States.Count == 0)
            throw new ArgumentException("a Markov link needs at least one bandwidth state");
        if (!(StepSeconds > 0))
            throw new ArgumentException($"step must be positive, got {StepSeconds} s");
        if (!(Ar1 >= 0 && Ar1 < 1))
            throw new ArgumentException($"AR(1) coefficient must be in [0, 1), got {Ar1}");
        if (Transitions is null || Transitions.Count != StateCount || Transitions.Any(r => r is null || r.Count != StateCount))
            throw new ArgumentException($"transition matrix must be {StateCount} x {StateCount} (bandwidth states + outage)");
        for (var i = 0; i < StateCount; i++)
        {
            var row = Transitions[i];
            if (row.Any(p => !(p >= 0)) || Math.Abs(row.Sum() - 1) > 1e-6)
                throw new ArgumentException($"transition row {i} is not a probability distribution: [{string.Join(", ", row)}]");
        }

        foreach (var s in States)
        {
            if (!double.IsFinite(s.LogMean) || !(s.LogSd >= 0) || !(s.MeanRttMs >= 0) || !(s.MinMbps > 0) || !(s.MaxMbps >= s.MinMbps))
                throw new ArgumentException($"state {s.Name} has invalid parameters: {s}");
        }

        return this;
    }
}
