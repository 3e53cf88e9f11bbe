using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// Layer-wise split in the style of Neurosurgeon (Kang et al., ASPLOS 2017): every epoch, the single cut k (layers
/// [0, k) on the edge, the rest in the cloud) with the lowest predicted service time for the current bandwidth
/// estimate, among the cuts whose edge part fits the memory. k = 0 is the cloud session.
/// </summary>
public sealed class NeurosurgeonPolicy : IPolicy
{
    private readonly PolicyContext _context;
    private readonly int[] _feasibleCuts;
    private readonly Dictionary<LinkState, PartitionPlan> _byEstimate = [];

    public NeurosurgeonPolicy(PolicyContext context)
    {
        _context = context;
        _feasibleCuts = Enumerable.Range(0, context.Model.Shape.NLayer + 1).Where(k => context.Memory.Check(context.Cut(k)).Fits).ToArray();
    }

    public string Name => "neurosurgeon";

    public PartitionPlan Decide(Observation observation)
    {
        // The estimate is the last observed link state, and a link dwells in its states: decide each state once.
        var link = PolicyContext.Estimated(observation);
        if (_byEstimate.TryGetValue(link, out var plan))
            return plan;
        if (_byEstimate.Count > 100_000)
            _byEstimate.Clear();
        var best = _feasibleCuts.MinBy(k => _context.Coster.Choose(_context.Cut(k), link).Seconds);
        plan = _context.PlanOf(_context.Cut(best));
        _byEstimate[link] = plan;
        return plan;
    }
}
