using Splitwise.Contracts;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Bounds;

/// <summary>
/// The least time any plan can take for one forward pass (a prefill, or a decode step at a context) on a given link
/// and cloud slowdown. The argument, from the cost model's schedule: within a stage each tier's calls run one after
/// another and a far part starts only after its input crossed (RTT/2 at least) and ends only when its result crossed
/// back (RTT/2 again), so a pass that uses the cloud takes at least max(A, B + RTT), where A and B are the edge's and
/// the cloud's compute seconds; the shared cloud stretches B to fB. For any lambda in [0, 1],
/// max(A, fB + RTT) >= lambda A + (1 - lambda)(fB + RTT) >= (1 - lambda) RTT + sum over units of min(lambda e_u, (1 - lambda) f c_u),
/// whichever tier each unit (head group, FFN slice) is on; the maximum over lambda of that concave piecewise-linear
/// function sits at 0, 1 or a breakpoint. Units of one kind have the same edge/cloud ratio, so a kind's sum is one
/// term. The ends and the glue are left out (they only add). A pass that does not use the cloud is the all-edge plan
/// (only when it fits the edge memory). Decode steps use the same chord in the context as the simulator
/// (<see cref="RequestExecutor"/>), so the bound holds for what it charges.
/// </summary>
public sealed class TokenBound
{
    private static readonly LinkState Free = new(1e9, 1e9, 0);
    private readonly PlanCoster _coster;
    private readonly int _reference;
    private readonly Groups _at0, _atRef;
    private readonly bool _edgeFits;
    private readonly Dictionary<int, Groups> _prefill = [];

    /// <summary>Edge seconds of all-edge (residual on the edge), and per kind the edge and cloud compute seconds over all layers.</summary>
    private readonly record struct Groups(double AllEdge, double EdgeAttention, double EdgeFfn, double CloudAttention, double CloudFfn)
    {
        public static Groups Lerp(Groups a, Groups b, double t) => new(
            a.AllEdge + (b.AllEdge - a.AllEdge) * t, a.EdgeAttention + (b.EdgeAttention - a.EdgeAttention) * t, a.EdgeFfn + (b.EdgeFfn - a.EdgeFfn) * t,
            a.CloudAttention + (b.CloudAttention - a.CloudAttention) * t, a.CloudFfn + (b.CloudFfn - a.CloudFfn) * t);
    }

    public TokenBound(PlanCoster coster, EdgeMemoryModel memory, int referenceContext)
    {
        (_coster, _reference) = (coster, referenceContext);
        _edgeFits = memory.Check(OracleSolver.AllEdge(coster.Model)).Fits;
        _at0 = Measure(coster.Model.Times(1, 0));
        _atRef = Measure(coster.Model.Times(1, referenceContext));
    }

    /// <summary>A decode step at <paramref name="context"/> cached positions.</summary>
    public double Decode(int context, LinkState link, double cloudSlowdown) =>
        Least(Groups.Lerp(_at0, _atRef, context / (double)_reference), link, cloudSlowdown);

    public double Prefill(int promptTokens, LinkState link, double cloudSlowdown)
    {
        if (!_prefill.TryGetValue(promptTokens, out var g))
            _prefill[promptTokens] = g = Measure(_coster.Model.Times(promptTokens, 0));
        return Least(g, link, cloudSlowdown);
    }

    private double Least(Groups g, LinkState link, double f)
    {
        var edge = _edgeFits ? g.AllEdge : double.PositiveInfinity;
        if (!link.Up || link.UplinkMbps <= 0 || link.DownlinkMbps <= 0)
            return edge;
        var rtt = link.RttMs / 1000;
        double At(double lambda) => (1 - lambda) * rtt
                                    + Math.Min(lambda * g.EdgeAttention, (1 - lambda) * f * g.CloudAttention)
                                    + Math.Min(lambda * g.EdgeFfn, (1 - lambda) * f * g.CloudFfn);
        var cloud = Math.Max(Math.Max(At(0), At(1)), Math.Max(At(Break(g.EdgeAttention, f * g.CloudAttention)), At(Break(g.EdgeFfn, f * g.CloudFfn))));
        return Math.Min(edge, cloud);
    }

    private static double Break(double e, double c) => e + c > 0 ? c / (e + c) : 0;

    private Groups Measure(UnitTimes u)
    {
        var m = _coster.Model;
        var stages = 2 * m.Shape.NLayer;
        var onEdge = Route.OnEdge(stages);
        PlanLayout Layout(bool attentionOnEdge, bool ffnOnEdge) => new(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
        {
            attentionOnEdge ? StageLayout.Whole(StageKind.Attention, m.HeadGroups, 0) : StageLayout.Whole(StageKind.Attention, 0, m.HeadGroups),
            ffnOnEdge ? StageLayout.Whole(StageKind.Ffn, m.FfnSlices, 0) : StageLayout.Whole(StageKind.Ffn, 0, m.FfnSlices),
        }));
        var all = _coster.Pass(Layout(true, true), onEdge, u, Free);
        var attentionEdge = _coster.Pass(Layout(true, false), onEdge, u, Free);
        var ffnEdge = _coster.Pass(Layout(false, true), onEdge, u, Free);
        return new Groups(all.Seconds, Math.Max(0, all.EdgeComputeSeconds - ffnEdge.EdgeComputeSeconds), Math.Max(0, all.EdgeComputeSeconds - attentionEdge.EdgeComputeSeconds),
            ffnEdge.CloudComputeSeconds, attentionEdge.CloudComputeSeconds);
    }
}
