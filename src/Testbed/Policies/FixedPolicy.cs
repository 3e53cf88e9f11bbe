using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>The same plan every epoch: edge-only (every layer on the edge) or cloud-only (a cloud session: ids up, tokens back).</summary>
public sealed class FixedPolicy(string name, PartitionPlan plan) : IPolicy
{
    public string Name => name;

    public PartitionPlan Decide(Observation observation) => plan;

    public static FixedPolicy EdgeOnly(PolicyContext c) => new("edge-only", c.PlanOf(c.Cut(c.Model.Shape.NLayer)));

    public static FixedPolicy CloudOnly(PolicyContext c) => new("cloud-only", c.PlanOf(OracleSolver.AllCloud(c.Model)));
}
