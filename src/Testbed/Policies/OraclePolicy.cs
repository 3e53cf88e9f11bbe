using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The clairvoyant oracle: reads the true link of the coming epoch (which no real policy can) and answers with the
/// optimal plan for it (<see cref="OracleSolver"/>). The physical limit every policy is measured against.
/// </summary>
public sealed class OraclePolicy(PolicyContext context, ILinkModel link, double epochSeconds) : IPolicy
{
    private readonly OracleSolver _solver = new(context.Coster, context.Memory);
    private readonly Dictionary<LinkState, PartitionPlan> _byLink = [];

    public string Name => "oracle";

    public PartitionPlan Decide(Observation observation)
    {
        var truth = link.At(TimeSpan.FromSeconds(observation.Epoch * epochSeconds));
        if (_byLink.TryGetValue(truth, out var plan))
            return plan;
        if (_byLink.Count > 100_000)
            _byLink.Clear();
        plan = context.PlanOf(_solver.Solve(truth).Layout);
        _byLink[truth] = plan;
        return plan;
    }
}
