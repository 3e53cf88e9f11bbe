using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// The offline phase's hand-over to the online phase, stored as JSON: the Pareto front (what DynaSplit
/// schedules from) and the whole measured set with each configuration's recorded samples.
/// </summary>
public sealed record FrontFile(
    string Method,
    string Source,
    double BudgetFraction,
    int Seed,
    int ValidSpaceSize,
    int MeasurableSpaceSize,
    int Budget,
    List<ConfigurationProfile> Front,
    List<ConfigurationProfile> Measured)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Accuracy is NaN when the pool does not record it: written "NaN", read back.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static FrontFile FromJson(string json) =>
        JsonSerializer.Deserialize<FrontFile>(json, Options) ?? throw new FormatException("front file is empty (JSON null)");
}
