using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Execution;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

/// <summary>
/// The simulator puts on the link exactly what the execution schedule says (and so, by Grains.Tests' ScheduleLiveTests,
/// what the live fabric sends): bytes each way of a prefill and a decode step, for plans of every kind.
/// </summary>
public class ScheduleAgreementTests
{
    private static readonly ModelDimensions Dims = new(TinySetup.Shape.NLayer, TinySetup.Shape.NKvHead, TinySetup.Shape.DFf);

    public static TheoryData<string> Plans() => ["all-edge", "all-cloud", "first-layer", "split-ffn", "mixed", "split-both-ways"];

    [Theory]
    [MemberData(nameof(Plans))]
    public void SimulatedBytesEqualTheSchedules(string name)
    {
        var plan = Plan(name);
        var coster = TinySetup.Coster(codec: "int8");
        var layout = PlanLayout.From(plan, coster.Model.HeadGroups);
        var link = new LinkState(50, 50, 20);
        var (route, _) = coster.Choose(layout, link);
        foreach (var (position, tokens) in new[] { (0, 12), (12, 1) })
        {
            var simulated = tokens > 1 ? coster.Prefill(layout, route, tokens, link) : coster.Decode(layout, route, position, link);
            var schedule = ExecutionSchedule.Token(plan, ScheduleShapes.Of(TinySetup.Shape), Tier.Edge, position, tokens);
            long Bytes(Tier from) => schedule.Crossings().Where(c => c.From == from).Sum(c => CodecBytes.Encoded(c.Payload.Codec, c.Payload.Rows, c.Payload.Cols));
            Assert.True(Bytes(Tier.Edge) == simulated.BytesUp, $"{name}, {tokens} tokens: simulated {simulated.BytesUp} bytes up, schedule {Bytes(Tier.Edge)}");
            Assert.True(Bytes(Tier.Cloud) == simulated.BytesDown, $"{name}, {tokens} tokens: simulated {simulated.BytesDown} bytes down, schedule {Bytes(Tier.Cloud)}");
        }
    }

    private static PartitionPlan Plan(string name) => name switch
    {
        "all-edge" => PartitionPlans.AllOn(Tier.Edge, Dims, TinySetup.Spec, "int8"),
        "all-cloud" => PartitionPlans.AllOn(Tier.Cloud, Dims, TinySetup.Spec, "int8"),
        "first-layer" => PartitionPlans.FirstLayersOnEdge(1, Dims, TinySetup.Spec, "int8"),
        "split-ffn" => PartitionPlans.SplitFfn(Dims, TinySetup.Spec, codec: "int8"),
        "mixed" => PartitionPlans.Build(Dims, TinySetup.Spec, id => id.Index == 1 ? Tier.Cloud : Tier.Edge, "int8"),
        _ => PartitionPlans.Build(Dims, TinySetup.Spec with { SplitFfn = true }, id => id.Kind switch
        {
            SubBlockKind.FfnUp => id.Index == 0 ? Tier.Cloud : Tier.Edge,
            SubBlockKind.FfnDown => id.Index == 0 ? Tier.Edge : Tier.Cloud,
            _ => id.Layer == 0 ? Tier.Cloud : Tier.Edge,
        }, "int8"),
    };
}
