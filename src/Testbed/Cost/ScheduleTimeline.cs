using Splitwise.Contracts;
using Splitwise.Planning.Execution;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// The one costing of an <see cref="ExecutionSchedule"/>'s steps, used by the step model and the simulator alike: a
/// stage's norm and sum on its tier, then its front calls in flight together, each back call sent when its front
/// returns, the stage done when the last is back; a far call crosses with its input and back with its outputs and costs
/// one stage-grain call more; a far run crosses with the residual each way around its inner steps. Each tier computes a
/// call's sub-blocks one after another. Where the figures come from is the caller's: <paramref name="compute"/> (seconds
/// of a call's sub-blocks on its tier), <paramref name="cross"/> (one payload leaving a tier: wall seconds, serialisation
/// seconds, bytes), <paramref name="glue"/> (a stage's norm and sum on a tier) and the overhead of each grain call.
/// </summary>
public sealed class ScheduleTimeline(
    Func<SubBlockCall, double> compute, Func<Tier, Payload, (double Seconds, double Wire, long Bytes)> cross, Func<Tier, double> glue, double callOverheadSeconds)
{
    public ScheduleCost Steps(IEnumerable<ScheduleStep> steps, Func<ScheduleStep, double> ends)
    {
        var total = default(ScheduleCost);
        foreach (var step in steps)
            total += Step(step, ends);
        return total;
    }

    public ScheduleCost Step(ScheduleStep step, Func<ScheduleStep, double> ends) => step switch
    {
        StageStep stage => Stage(stage),
        FarRunStep run => Run(run, ends),
        _ => Compute(step.Tier, ends(step)) with { Seconds = ends(step) },
    };

    public ScheduleCost Stage(StageStep stage)
    {
        var g = glue(stage.Tier);
        var total = Compute(stage.Tier, g);
        var ends = new double[stage.Fronts.Count];
        var path = 0.0;
        for (var i = 0; i < ends.Length; i++)
        {
            var c = Call(stage.Tier, stage.Fronts[i]);
            total += c;
            path = Math.Max(path, ends[i] = c.Seconds);
        }

        foreach (var back in stage.Backs)
        {
            var c = Call(stage.Tier, back);
            total += c;
            path = Math.Max(path, ends[back.Front] + c.Seconds);
        }

        return total with { Seconds = g + path };
    }

    private ScheduleCost Run(FarRunStep run, Func<ScheduleStep, double> ends)
    {
        var from = run.Tier == Tier.Edge ? Tier.Cloud : Tier.Edge;
        var inner = Steps(run.Inner, ends);
        var cost = Cross(from, run.Up) + inner + Cross(run.Tier, run.Down);
        return cost with { Seconds = cost.Seconds + callOverheadSeconds, FarCalls = cost.FarCalls + 1, GrainCalls = cost.GrainCalls + 1 };
    }

    private ScheduleCost Call(Tier from, SubBlockCall call)
    {
        var seconds = compute(call);
        var calls = call.SubBlockCalls + (call.Far ? 1 : 0);
        var cost = Compute(call.Tier, seconds) with { Seconds = seconds + calls * callOverheadSeconds, GrainCalls = calls };
        if (!call.Far)
            return cost;
        cost += Cross(from, call.In);
        if (call.Partial is { } p)
            cost += Cross(call.Tier, p);
        if (call.Hidden is { } h)
            cost += Cross(call.Tier, h);
        return cost with { FarCalls = 1 };
    }

    private ScheduleCost Cross(Tier from, Payload payload)
    {
        var (seconds, wire, bytes) = cross(from, payload);
        return from == Tier.Edge
            ? new ScheduleCost(seconds, 0, 0, bytes, 0, wire, 0, seconds, 0, 0)
            : new ScheduleCost(seconds, 0, 0, 0, bytes, 0, wire, seconds, 0, 0);
    }

    private static ScheduleCost Compute(Tier tier, double seconds) =>
        tier == Tier.Edge ? new ScheduleCost(0, seconds, 0, 0, 0, 0, 0, 0, 0, 0) : new ScheduleCost(0, 0, seconds, 0, 0, 0, 0, 0, 0, 0);
}
