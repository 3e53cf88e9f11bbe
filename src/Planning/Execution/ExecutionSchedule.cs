using Splitwise.Contracts;
using Splitwise.Contracts.Plans;

namespace Splitwise.Planning.Execution;

/// <summary>
/// How a token pass runs a plan, written once: the session executes these steps (<c>SessionForward</c>), the step
/// model and the simulator cost them. From the session's (home) tier: the embedding; then the layer stages in order,
/// where a maximal run of stages wholly on the far tier is one call there with the residual (<see cref="FarRunStep"/>)
/// and any other stage does its norm and sum at home, calls its home sub-blocks in place and the far ones through one
/// stage call (<see cref="StageStep"/>); then the LM head. Activations to the far tier travel in the plan's codec, a
/// tier's own calls in fp32; a split FFN's intermediate always travels in the plan's codec.
/// </summary>
public sealed class ExecutionSchedule
{
    private static readonly Tier[] Tiers = [Tier.Edge, Tier.Cloud];

    private ExecutionSchedule(Tier home, int position, int tokens, IReadOnlyList<ScheduleStep> steps) =>
        (Home, Position, Tokens, Steps) = (home, position, tokens, steps);

    public Tier Home { get; }

    /// <summary>Tokens already in the KV caches.</summary>
    public int Position { get; }

    /// <summary>New tokens in this pass: the prompt in prefill, 1 in a decode step.</summary>
    public int Tokens { get; }

    public IReadOnlyList<ScheduleStep> Steps { get; }

    /// <summary>A whole token pass from the session on <paramref name="home"/>: embedding, every stage, LM head.</summary>
    public static ExecutionSchedule Token(PartitionPlan plan, ScheduleShape shape, Tier home, int position, int tokens)
    {
        var steps = new List<ScheduleStep> { new EmbedStep(home) };
        steps.AddRange(Stages(plan, shape, home, position, tokens, 0, StageNumbering.Count(shape.Layers) - 1).Steps);
        steps.Add(new HeadStep(home));
        return new ExecutionSchedule(home, position, tokens, steps);
    }

    /// <summary>Stages [<paramref name="first"/>, <paramref name="last"/>] with the residual on <paramref name="home"/>.</summary>
    public static ExecutionSchedule Stages(PartitionPlan plan, ScheduleShape shape, Tier home, int position, int tokens, int first, int last)
    {
        if (tokens <= 0 || first < 0 || last < first || last >= StageNumbering.Count(shape.Layers) || plan.Layers != shape.Layers)
            throw new ArgumentException($"no pass of {tokens} tokens through stages {first}..{last} of a {shape.Layers}-layer model under a {plan.Layers}-layer plan");
        var units = new (Tier Up, Tier Down)[last - first + 1][];
        for (var s = first; s <= last; s++)
            units[s - first] = Units(plan, shape, s);
        var widths = Enumerable.Range(0, plan.Spec.FfnSlices).Select(s => plan.Spec.FfnSliceRange(s, shape.FfnHidden).Count).ToArray();
        var steps = new List<ScheduleStep>();
        var residual = new Payload(plan.Codec, tokens, shape.DModel);
        for (var s = first; s <= last;)
        {
            var far = ResidualTier(StageTier(units[s - first]), home);
            if (far != home)
            {
                var end = s;
                while (end < last && ResidualTier(StageTier(units[end + 1 - first]), home) == far)
                    end++;
                var inner = Stages(plan, shape, far, position, tokens, s, end).Steps;
                steps.Add(new FarRunStep(far, s, end, residual, residual, inner));
                s = end + 1;
                continue;
            }

            steps.Add(Stage(s, home, units[s - first], plan.Spec.SplitFfn, widths, plan.Codec, tokens, shape.DModel));
            s++;
        }

        return new ExecutionSchedule(home, position, tokens, steps);
    }

    /// <summary>
    /// Where the residual is during a stage run from <paramref name="home"/>: on the far tier exactly when the whole stage
    /// is there (<paramref name="stageTier"/>, null when split), else at home.
    /// </summary>
    public static Tier ResidualTier(Tier? stageTier, Tier home) => stageTier ?? home;

    /// <summary>The tier of every unit of a stage, or null when they are on both.</summary>
    public static Tier? StageTier(IReadOnlyList<(Tier Up, Tier Down)> units)
    {
        Tier? seen = null;
        foreach (var (up, down) in units)
        {
            if (up != down || (seen is { } t && t != up))
                return null;
            seen = up;
        }

        return seen;
    }

    /// <summary>
    /// One stage run from <paramref name="home"/>. <paramref name="units"/>: each head group's tier (twice) or each FFN
    /// slice's (W1 tier, W2 tier), the two equal unless <paramref name="split"/>; <paramref name="widths"/>: FFN slice widths.
    /// </summary>
    public static StageStep Stage(int stage, Tier home, IReadOnlyList<(Tier Up, Tier Down)> units, bool split, IReadOnlyList<int> widths, string codec, int tokens, int dModel)
    {
        Payload Act(Tier tier, int cols) => new(tier == home ? "fp32" : codec, tokens, cols);
        int[] Where(Func<(Tier Up, Tier Down), bool> keep) => Enumerable.Range(0, units.Count).Where(i => keep(units[i])).ToArray();
        var fronts = new List<SubBlockCall>();
        var backs = new List<SubBlockCall>();
        if (StageNumbering.IsAttention(stage))
        {
            foreach (var tier in Tiers)
            {
                var groups = Where(u => u.Up == tier);
                if (groups.Length > 0)
                    fronts.Add(new SubBlockCall(tier, tier != home, groups, [], [], [], [], Act(tier, dModel), Act(tier, dModel), null));
            }

            return new StageStep(home, stage, fronts, backs);
        }

        foreach (var tier in Tiers)
        {
            var whole = split ? [] : Where(u => u.Up == tier);
            var local = split ? Where(u => u.Up == tier && u.Down == tier) : [];
            var upOnly = split ? Where(u => u.Up == tier && u.Down != tier) : [];
            if (whole.Length + local.Length + upOnly.Length == 0)
                continue;
            // The intermediate goes on to the other tier, so one end of it is always far: it travels in the plan's codec.
            Payload? hidden = upOnly.Length > 0 ? new Payload(codec, tokens, upOnly.Sum(s => widths[s])) : null;
            fronts.Add(new SubBlockCall(tier, tier != home, [], whole, local, upOnly, [], Act(tier, dModel),
                whole.Length + local.Length > 0 ? Act(tier, dModel) : null, hidden));
            if (hidden is { } h)
            {
                var down = tier == Tier.Edge ? Tier.Cloud : Tier.Edge;
                // A W2 call takes and gives back the intermediate's codec, wherever it runs.
                backs.Add(new SubBlockCall(down, down != home, [], [], [], [], upOnly, h, h with { Cols = dModel }, null, fronts.Count - 1));
            }
        }

        return new StageStep(home, stage, fronts, backs);
    }

    /// <summary>Calls that cross the link: far stage calls and far runs (each crosses once each way).</summary>
    public int FarCalls => Steps.Sum(s => s switch
    {
        FarRunStep => 1,
        StageStep st => st.Fronts.Concat(st.Backs).Count(c => c.Far),
        _ => 0,
    });

    /// <summary>Every payload on the link, with the tier it leaves.</summary>
    public IEnumerable<(Tier From, Payload Payload)> Crossings()
    {
        foreach (var step in Steps)
        {
            if (step is FarRunStep run)
            {
                yield return (Home, run.Up);
                yield return (run.Tier, run.Down);
            }
            else if (step is StageStep stage)
            {
                foreach (var call in stage.Fronts.Concat(stage.Backs).Where(c => c.Far))
                {
                    yield return (Home, call.In);
                    if (call.Partial is { } p)
                        yield return (call.Tier, p);
                    if (call.Hidden is { } h)
                        yield return (call.Tier, h);
                }
            }
        }
    }

    private static (Tier Up, Tier Down)[] Units(PartitionPlan plan, ScheduleShape shape, int stage)
    {
        var layer = StageNumbering.Layer(stage);
        if (StageNumbering.IsAttention(stage))
            return Enumerable.Range(0, plan.Spec.HeadGroups(shape.KvHeads))
                .Select(g => plan.TierOf(new SubBlockId(layer, SubBlockKind.AttentionHeads, g))).Select(t => (t, t)).ToArray();
        return Enumerable.Range(0, plan.Spec.FfnSlices).Select(s => plan.Spec.SplitFfn
            ? (plan.TierOf(new SubBlockId(layer, SubBlockKind.FfnUp, s)), plan.TierOf(new SubBlockId(layer, SubBlockKind.FfnDown, s)))
            : (plan.TierOf(new SubBlockId(layer, SubBlockKind.Ffn, s)), plan.TierOf(new SubBlockId(layer, SubBlockKind.Ffn, s)))).ToArray();
    }
}
