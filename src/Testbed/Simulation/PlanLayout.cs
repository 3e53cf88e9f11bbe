using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Execution;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// A plan as the simulator costs it: per layer, the attention stage then the FFN stage, each as counts per tier
/// (<see cref="StageLayout"/>). Two plans that differ only in which equal-sized sub-blocks sit where share a layout.
/// Compared by value, so costs can be cached per layout.
/// </summary>
public sealed class PlanLayout : IEquatable<PlanLayout>
{
    private readonly StageLayout[] _stages;
    private readonly int _hash;

    public PlanLayout(IEnumerable<StageLayout> stages)
    {
        _stages = stages.ToArray();
        if (_stages.Length == 0 || _stages.Length % 2 != 0)
            throw new ArgumentException($"a layout needs an attention and an FFN stage per layer, got {_stages.Length} stages");
        AllCloud = _stages.All(s => !s.Touches(Tier.Edge));
        AllEdge = _stages.All(s => !s.Touches(Tier.Cloud));
        var hash = new HashCode();
        foreach (var s in _stages)
            hash.Add(s);
        _hash = hash.ToHashCode();
    }

    public IReadOnlyList<StageLayout> Stages => _stages;

    /// <summary>The stages without interface dispatch, for the hot loops of the costing.</summary>
    internal ReadOnlySpan<StageLayout> Span => _stages;

    public int Layers => _stages.Length / 2;

    public bool AllCloud { get; }

    public bool AllEdge { get; }

    /// <summary>Reads the tiers a plan gives each sub-block of <paramref name="layers"/> layers cut into <paramref name="groups"/> head groups.</summary>
    public static PlanLayout From(PartitionPlan plan, int groups)
    {
        var stages = new StageLayout[2 * plan.Layers];
        foreach (var (id, tier) in plan.Tiers)
        {
            if (id.Kind == SubBlockKind.FfnDown)
                continue;
            var down = id.Kind == SubBlockKind.FfnUp ? plan.TierOf(id with { Kind = SubBlockKind.FfnDown }) : tier;
            var stage = StageNumbering.Of(id);
            if (id.Layer < 0 || id.Layer >= plan.Layers)
                throw new ArgumentException($"sub-block {id} is outside the plan's {plan.Layers} layers");
            stages[stage] = stages[stage] with { Kind = KindOf(stage) };
            stages[stage] = Count(stages[stage], tier, down, plan.Spec.SplitFfn && !StageNumbering.IsAttention(stage));
        }

        for (var s = 0; s < stages.Length; s++)
        {
            var expected = StageNumbering.IsAttention(s) ? groups : plan.Spec.FfnSlices;
            if (stages[s].Units != expected)
                throw new ArgumentException($"plan v{plan.Version} places {stages[s].Units} units in stage {s} of layer {StageNumbering.Layer(s)}, expected {expected}");
            stages[s] = stages[s] with { Kind = KindOf(s) };
        }

        return new PlanLayout(stages);
    }

    /// <summary>The plan with this layout: in each stage the first units go on the edge, in the order EE, EC, CE, CC.</summary>
    public PartitionPlan ToPlan(ModelDimensions model, DecompositionSpec spec, string codec)
    {
        var split = _stages.Any(s => s.Kind == StageKind.Ffn && s.Split);
        return PartitionPlans.Build(model, spec with { SplitFfn = split }, id =>
        {
            var (up, down) = _stages[StageNumbering.Of(id)].TiersOfUnit(id.Index);
            return id.Kind == SubBlockKind.FfnDown ? down : up;
        }, codec);
    }

    /// <summary>The sub-blocks on the edge, for the memory check.</summary>
    public IEnumerable<SubBlockId> EdgeSubBlocks(DecompositionSpec spec, int kvHeads)
    {
        var split = _stages.Any(s => s.Kind == StageKind.Ffn && s.Split);
        var cut = spec with { SplitFfn = split };
        for (var layer = 0; layer < Layers; layer++)
        {
            foreach (var id in cut.SubBlocks(layer, kvHeads))
            {
                var (up, down) = _stages[StageNumbering.Of(id)].TiersOfUnit(id.Index);
                if ((id.Kind == SubBlockKind.FfnDown ? down : up) == Tier.Edge)
                    yield return id;
            }
        }
    }

    private static StageKind KindOf(int stage) => StageNumbering.IsAttention(stage) ? StageKind.Attention : StageKind.Ffn;

    private static StageLayout Count(StageLayout s, Tier up, Tier down, bool split) => (up, down) switch
    {
        (Tier.Edge, Tier.Edge) => s with { Split = split, EdgeEdge = s.EdgeEdge + 1 },
        (Tier.Edge, Tier.Cloud) => s with { Split = split, EdgeCloud = s.EdgeCloud + 1 },
        (Tier.Cloud, Tier.Edge) => s with { Split = split, CloudEdge = s.CloudEdge + 1 },
        _ => s with { Split = split, CloudCloud = s.CloudCloud + 1 },
    };

    public bool Equals(PlanLayout? other) => other is not null && _hash == other._hash && _stages.AsSpan().SequenceEqual(other._stages);

    public override bool Equals(object? obj) => Equals(obj as PlanLayout);

    public override int GetHashCode() => _hash;
}
