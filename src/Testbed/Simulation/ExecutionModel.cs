using Splitwise.Contracts;
using Splitwise.Inference.Models;
using Splitwise.Planning.Execution;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// What one stage of one layer costs on (edge, cloud, link): the <see cref="ExecutionSchedule"/>'s step for the stage's
/// layout, costed by <see cref="ScheduleTimeline"/> (the step model's costing) with no call overhead. Compute seconds come
/// from <see cref="CostModel"/> (roofline per call), link seconds from the link state: RTT/2 + the codec's bytes / bandwidth
/// per payload.
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

    /// <summary>One stage run from <paramref name="residual"/>, the tier holding the residual stream.</summary>
    public StageCost Stage(StageLayout s, Tier residual, UnitTimes u, LinkState link)
    {
        var step = StepOf(s, residual, u.Tokens);
        double Compute(SubBlockCall c)
        {
            var t = (int)c.Tier;
            return c.Groups.Length * u.Attention[t] + c.Whole.Length * u.Slice[t] + c.Local.Length * (u.Up[t] + u.Down[t])
                   + c.UpOnly.Length * u.Up[t] + c.DownOnly.Length * u.Down[t];
        }

        (double, double, long) Crossing(Tier from, Payload p)
        {
            var bytes = Codec.Bytes(p.Rows, p.Cols);
            var x = Cross(bytes, from, link);
            return (x.Seconds, x.TransmitSeconds + x.ReceiveSeconds, bytes);
        }

        var c = new ScheduleTimeline(Compute, Crossing, tier => u.Glue[(int)tier], 0).Stage(step);
        return new StageCost(c.Seconds, c.EdgeComputeSeconds, c.CloudComputeSeconds, c.BytesUp, c.BytesDown, c.UpSeconds, c.DownSeconds);
    }

    // A layout's step depends on its tier and token count only; the simulator asks for the same few again and again.
    private readonly Dictionary<(StageLayout, Tier, int), StageStep> _steps = [];

    private StageStep StepOf(StageLayout s, Tier residual, int tokens)
    {
        if (_steps.TryGetValue((s, residual, tokens), out var known))
            return known;
        if (_steps.Count > 100_000)
            _steps.Clear();
        var widths = Enumerable.Repeat(_sliceWidth, s.Units).ToArray();
        var step = ExecutionSchedule.Stage(s.Kind == StageKind.Attention ? 0 : 1, residual, s.UnitTiers(), s.Split, widths, Codec.Codec, tokens, Shape.DModel);
        _steps[(s, residual, tokens)] = step;
        return step;
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
