using Splitwise.Contracts.Plans;

namespace Splitwise.Planning.Policies;

/// <summary>
/// Decides the partition every decision epoch from what can be observed. The same object decides in the
/// simulator and, later, in the live fabric's controller grain, so it sees only an <see cref="Observation"/>
/// and answers with the plan value the fabric applies.
/// </summary>
public interface IPolicy
{
    /// <summary>Short name used in tables and plots (e.g. "clairvoyant", "neurosurgeon").</summary>
    string Name { get; }

    PartitionPlan Decide(Observation observation);
}
