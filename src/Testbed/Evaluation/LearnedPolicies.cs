using Splitwise.Testbed.Policies;

namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// The learned controller and its ablations (<see cref="PolicyCatalog.LearnedNames"/>): each loads DIR/NAME-SCENARIO.policy,
/// so a scenario without its trained file shows as "not trained (run: ...)" in the evaluation instead of stopping it.
/// </summary>
public static class LearnedPolicies
{
    public const string Controller = "splitwise";

    public static bool IsLearned(string policy) => PolicyCatalog.LearnedNames.Contains(policy);

    public static string NotTrainedNote(string trainCommand) => $"not trained (run: {trainCommand})";
}
