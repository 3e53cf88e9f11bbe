using Splitwise.Contracts;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Bounds;

/// <summary>
/// The least time any plan can take for one forward pass (a prefill, or a decode step at a context) on a given link
/// and cloud slowdown. The argument, from the cost model's schedule (two stages per layer, the residual stream on one
/// tier, the token's ends on the edge: the fabric has no cloud session): a stage wholly on the residual's tier takes at least
/// its compute there; a stage with work on the other tier takes at least max(near compute, RTT + far compute), since the
/// far part starts only after its input crossed (RTT/2 at least) and ends only once its result crossed back (or, for a
/// split W1 far / W2 near unit, the intermediate crosses before the near part goes on); moving the residual costs RTT/2
/// each way; the shared cloud adds (f - 1) x its compute to every cloud second. With x of a stage's work on the edge (units
/// of one kind have one edge/cloud ratio), the stage is at least the least of: whole near; whole far + RTT; and
/// min over x of max(x near, RTT + (1 - x) far). A shortest path over the stages with the residual's tier as state (and
/// whether the cloud was used at all) gives the least pass that uses the cloud; the all-edge pass (only if it fits the
/// edge memory) is the other. Ends, glue and bytes on the wire are left out (they only add). Decode steps use the same
/// chord in the context as the simulator (<see cref="RequestExecutor"/>), so the bound holds for what it charges.
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
        var layers = _coster.Model.Shape.NLayer;
        // Per stage of each kind: edge and (stretched) cloud compute of the whole stage.
        double ea = g.EdgeAttention / layers, ef = g.EdgeFfn / layers, ca = f * g.CloudAttention / layers, cf = f * g.CloudFfn / layers;
        // Least stage time with the residual on the edge (near = edge) or in the cloud, and some work on the far tier.
        double FarEdgeResidual(double e, double c) => Math.Min(rtt + c, Split(e, c, rtt));
        double FarCloudResidual(double e, double c) => Math.Min(rtt + e, Split(c, e, rtt));
        double[] near = [ea, ca, ef, cf];
        double[] far = [FarEdgeResidual(ea, ca), FarCloudResidual(ea, ca), FarEdgeResidual(ef, cf), FarCloudResidual(ef, cf)];
        // States: on the edge, cloud not used yet; on the edge, cloud used; residual in the cloud. A switch is RTT/2.
        double e0 = 0, e1 = double.PositiveInfinity, c1 = double.PositiveInfinity;
        for (var s = 0; s < 2 * layers; s++)
        {
            var k = 2 * (s % 2);
            var ne0 = e0 + near[k];
            var ne1 = Math.Min(Math.Min(e0, e1), c1 + rtt / 2) + far[k];
            ne1 = Math.Min(ne1, Math.Min(e1, c1 + rtt / 2) + near[k]);
            var nc = Math.Min(c1, Math.Min(e0, e1) + rtt / 2) + Math.Min(near[k + 1], far[k + 1]);
            (e0, e1, c1) = (ne0, ne1, nc);
        }

        return Math.Min(edge, Math.Min(e1, c1 + rtt / 2));
    }

    /// <summary>
    /// Least time of a stage whose units are shared, x of the work near (seconds <paramref name="near"/> for all of it) and
    /// the rest far (<paramref name="far"/>): max(x near, RTT + (1 - x) far), minimised over x in [0, 1) (infimum).
    /// </summary>
    private static double Split(double near, double far, double rtt)
    {
        var x = (rtt + far) / (near + far);
        return x < 1 ? near * x : Math.Max(near, rtt);
    }

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
