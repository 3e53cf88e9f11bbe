using Splitwise.Contracts;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// What one stage of one layer costs on (edge, cloud, link). The residual stream is held on one tier; sub-blocks on the
/// other tier need the normed input sent across (the codec's bytes of d_model per token + RTT/2) and return one summed
/// partial; the two tiers' parts run concurrently, each tier's calls one after another. In split mode a W1 part and
/// its W2 part on different tiers send the intermediate activation across, bundled per direction.
/// Compute seconds come from <see cref="CostModel"/> (roofline per call), link seconds from the link state.
/// </summary>
public sealed class ExecutionModel
{
    private readonly Dictionary<(int, int), UnitTimes> _times = [];
    private readonly int _sliceWidth;

    public ExecutionModel(TransformerShape shape, DecompositionSpec spec, CostModel edge, CostModel cloud, string codec)
    {
        spec.Validate(shape.NKvHead, shape.DFf);
        (Shape, Spec, Edge, Cloud, Codec) = (shape, spec, edge, cloud, new CodecSizes(codec));
        HeadGroups = spec.HeadGroups(shape.NKvHead);
        // Slices differ by at most one column; costing them all at the mean width is exact to that column.
        _sliceWidth = (int)Math.Round((double)shape.DFf / spec.FfnSlices);
    }

    public TransformerShape Shape { get; }

    public DecompositionSpec Spec { get; }

    public CostModel Edge { get; }

    public CostModel Cloud { get; }

    public CodecSizes Codec { get; }

    public int HeadGroups { get; }

    public int FfnSlices => Spec.FfnSlices;

    public UnitTimes Times(int tokens, int cached)
    {
        if (_times.TryGetValue((tokens, cached), out var known))
            return known;
        var u = UnitWork.Compute(this, _sliceWidth, tokens, cached);
        _times[(tokens, cached)] = u;
        return u;
    }

    /// <summary>One stage with the residual on <paramref name="residual"/>: see the class summary for the timeline.</summary>
    public StageCost Stage(StageLayout s, Tier residual, UnitTimes u, LinkState link)
    {
        var far = residual == Tier.Edge ? Tier.Cloud : Tier.Edge;
        int r = (int)residual, f = (int)far;
        var cost = StageCost.Zero;
        double upNear = s.UpOn(residual) * u.UpTime(s, residual), upFar = s.UpOn(far) * u.UpTime(s, far);
        double downNear = s.DownOn(residual) * u.DownTime(s, residual), downFar = s.DownOn(far) * u.DownTime(s, far);
        cost = cost.WithCompute(residual, upNear + downNear + u.Glue[r]).WithCompute(far, upFar + downFar);
        var readyNear = upNear;
        var readyFar = 0.0;
        if (s.UpOn(far) > 0)
        {
            var x = Cross(u.ResidualBytes, residual, link);
            cost += x;
            readyFar = x.Seconds + upFar;
        }

        var nearStart = readyNear;
        var farStart = readyFar;
        if (s.Crossing(residual) > 0)
        {
            var h = Cross(Codec.Bytes(u.Tokens, s.Crossing(residual) * _sliceWidth), residual, link);
            cost += h;
            farStart = Math.Max(farStart, readyNear + h.Seconds);
        }

        if (s.Crossing(far) > 0)
        {
            var h = Cross(Codec.Bytes(u.Tokens, s.Crossing(far) * _sliceWidth), far, link);
            cost += h;
            nearStart = Math.Max(nearStart, readyFar + h.Seconds);
        }

        var end = nearStart + downNear;
        if (s.DownOn(far) > 0)
        {
            var back = Cross(u.ResidualBytes, far, link);
            cost += back;
            end = Math.Max(end, farStart + downFar + back.Seconds);
        }

        return cost with { Seconds = end + u.Glue[r] };
    }

    /// <summary>The residual stream moving to the other tier between stages.</summary>
    public StageCost Move(Tier from, UnitTimes u, LinkState link) => Cross(u.ResidualBytes, from, link);

    /// <summary>Embedding, final norm and LM head on <paramref name="tier"/>.</summary>
    public StageCost Ends(Tier tier, UnitTimes u) => StageCost.Zero.WithCompute(tier, u.Ends[(int)tier]) with { Seconds = u.Ends[(int)tier] };

    /// <summary>One message from <paramref name="from"/> to the other tier: RTT/2 + bytes / bandwidth; infinite in an outage.</summary>
    public static StageCost Cross(long bytes, Tier from, LinkState link)
    {
        var uplink = from == Tier.Edge;
        var mbps = link.Mbps(uplink ? LinkDirection.Uplink : LinkDirection.Downlink);
        if (!link.Up || mbps <= 0)
            return new StageCost(double.PositiveInfinity, 0, 0, 0, 0, 0, 0);
        var wire = bytes * 8 / (mbps * 1e6);
        return uplink
            ? new StageCost(link.RttMs / 2000 + wire, 0, 0, bytes, 0, wire, 0)
            : new StageCost(link.RttMs / 2000 + wire, 0, 0, 0, bytes, 0, wire);
    }
}
