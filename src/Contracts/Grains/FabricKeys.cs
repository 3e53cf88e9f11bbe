namespace Splitwise.Contracts.Grains;

/// <summary>
/// Grain keys of the fabric. A key ending in "@edge" or "@cloud" names a grain pinned to that tier
/// (sessions, layer stages, the plan); any other key names a sub-block ("model/L3.attn1"), whose tier
/// is whatever the current plan says.
/// </summary>
public static class FabricKeys
{
    public static string SubBlock(string model, SubBlockId id) => $"{model}/{id}";

    public static string Stage(string model, int layer, Tier tier) => $"{model}/L{layer}{Suffix(tier)}";

    public static string StageRun(string model, Tier tier) => $"{model}/run{Suffix(tier)}";

    public static string Plan(string model) => model + Suffix(Tier.Edge);

    public static string Session(string model, Guid id) => $"{model}/{id:N}{Suffix(Tier.Edge)}";

    /// <summary>The controller of a model's partition for one edge device (on the edge).</summary>
    public static string Controller(string model, string edgeDevice) => $"{model}/controller-{edgeDevice}{Suffix(Tier.Edge)}";

    public static string LinkMetrics(Tier tier) => "link" + Suffix(tier);

    public static string Suffix(Tier tier) => tier == Tier.Edge ? "@edge" : "@cloud";

    /// <summary>The tier a pinned key names, or null for a sub-block key.</summary>
    public static Tier? PinnedTier(string key) =>
        key.EndsWith("@edge", StringComparison.Ordinal) ? Tier.Edge
        : key.EndsWith("@cloud", StringComparison.Ordinal) ? Tier.Cloud
        : null;

    /// <summary>The model part of any fabric key (everything before the last '/', or before '@').</summary>
    public static string ModelOf(string key)
    {
        var at = key.LastIndexOf('@');
        var body = at >= 0 ? key[..at] : key;
        var slash = body.LastIndexOf('/');
        return slash >= 0 ? body[..slash] : body;
    }

    public static (string Model, SubBlockId Id) ParseSubBlock(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !TryParse(key[(slash + 1)..], out var id))
            throw new FormatException($"'{key}' is not a sub-block key (model/L3.attn1)");
        return (key[..slash], id);
    }

    /// <summary>Parses <see cref="SubBlockId.ToString"/>'s form: L3.attn1, L0.ffn2, L1.ffn-up0, L1.ffn-down0.</summary>
    public static bool TryParse(string text, out SubBlockId id)
    {
        id = default;
        var dot = text.IndexOf('.');
        if (dot < 2 || text[0] != 'L' || !int.TryParse(text.AsSpan(1, dot - 1), out var layer))
            return false;
        var rest = text[(dot + 1)..];
        foreach (var (prefix, kind) in new[] { ("attn", SubBlockKind.AttentionHeads), ("ffn-up", SubBlockKind.FfnUp), ("ffn-down", SubBlockKind.FfnDown), ("ffn", SubBlockKind.Ffn) })
        {
            if (rest.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(rest.AsSpan(prefix.Length), out var index) && index >= 0)
            {
                id = new SubBlockId(layer, kind, index);
                return true;
            }
        }

        return false;
    }
}
