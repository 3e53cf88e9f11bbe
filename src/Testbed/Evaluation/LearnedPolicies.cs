namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// The learned controller and its ablations by catalog name, and the command that trains each: a learned policy whose
/// file is not there shows as "not trained (run: ...)" in the evaluation instead of stopping it.
/// </summary>
public static class LearnedPolicies
{
    public const string Controller = "splitwise";

    /// <summary>Name -> the train-policy ablation that produces it.</summary>
    public static IReadOnlyDictionary<string, string> Ablations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Controller] = "none",
        ["splitwise-no-lyapunov"] = "no-lyapunov",
        ["splitwise-layerwise"] = "layerwise",
        ["splitwise-fixed-codec"] = "fixed-codec",
    };

    public static bool IsLearned(string policy) => Ablations.ContainsKey(policy);

    /// <summary>"train-policy --scenario commuter" (with "--ablation X" for an ablation).</summary>
    public static string TrainCommand(string policy, string scenario) =>
        Ablations.TryGetValue(policy, out var ablation) && ablation != "none"
            ? $"train-policy --scenario {scenario} --ablation {ablation}"
            : $"train-policy --scenario {scenario}";

    public static string NotTrainedNote(string policy, string scenario) => $"not trained (run: {TrainCommand(policy, scenario)})";
}
