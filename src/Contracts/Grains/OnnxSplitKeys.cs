namespace Splitwise.Contracts.Grains;

/// <summary>
/// Keys of the grains that run an ONNX model split at one cut: the head pinned to the edge, the tail to the cloud.
/// The key holds everything the grain needs to load its half from the model file both tiers have: the model's
/// name, the cut (after compute node N) and ONNX Runtime's intra-op thread count.
/// </summary>
public static class OnnxSplitKeys
{
    public static string Head(string model, int afterNode, int threads) => Body(model, afterNode, threads) + FabricKeys.Suffix(Tier.Edge);

    public static string Tail(string model, int afterNode, int threads) => Body(model, afterNode, threads) + FabricKeys.Suffix(Tier.Cloud);

    public static (string Model, int AfterNode, int Threads) Parse(string key)
    {
        var parts = key[..key.LastIndexOf('@')].Split('/');
        if (parts.Length != 4 || parts[0] != "onnx" || !parts[2].StartsWith("cut", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan(3), out var cut) || !parts[3].StartsWith('t')
            || !int.TryParse(parts[3].AsSpan(1), out var threads))
        {
            throw new FormatException($"'{key}' is not an ONNX split key (onnx/MODEL/cutN/tT@tier)");
        }

        return (parts[1], cut, threads);
    }

    private static string Body(string model, int afterNode, int threads) => $"onnx/{model}/cut{afterNode}/t{threads}";
}
