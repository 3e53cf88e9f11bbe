using Splitwise.Contracts;

namespace Splitwise.Testbed.Simulation;

public enum StageKind
{
    Attention,
    Ffn,
}

/// <summary>
/// Where the sub-blocks of one stage (a layer's attention or its FFN) run, as counts: sub-blocks of one stage have the
/// same size (head groups exactly, FFN slices to within one column), so which ones sit on a tier does not change the
/// cost, only how many. A unit is a head group, an FFN slice, or in split mode a slice's (W1 part, W2 part) pair,
/// counted by (tier of the W1 part, tier of the W2 part); whole units have both parts on one tier.
/// </summary>
public readonly record struct StageLayout(StageKind Kind, bool Split, int EdgeEdge, int EdgeCloud, int CloudEdge, int CloudCloud)
{
    public int Units => EdgeEdge + EdgeCloud + CloudEdge + CloudCloud;

    public static StageLayout Whole(StageKind kind, int onEdge, int onCloud) => new(kind, false, onEdge, 0, 0, onCloud);

    /// <summary>Units whose first part runs on <paramref name="tier"/>.</summary>
    public int UpOn(Tier tier) => tier == Tier.Edge ? EdgeEdge + EdgeCloud : CloudEdge + CloudCloud;

    /// <summary>Units whose second part runs on <paramref name="tier"/>.</summary>
    public int DownOn(Tier tier) => tier == Tier.Edge ? EdgeEdge + CloudEdge : EdgeCloud + CloudCloud;

    /// <summary>Units whose intermediate activation crosses from <paramref name="from"/> to the other tier.</summary>
    public int Crossing(Tier from) => from == Tier.Edge ? EdgeCloud : CloudEdge;

    public bool Touches(Tier tier) => UpOn(tier) + DownOn(tier) > 0;

    /// <summary>The tier holding the whole stage, or null when it touches both (or has no units).</summary>
    public Tier? WhollyOn => Units == 0 || (Touches(Tier.Edge) && Touches(Tier.Cloud)) ? null : Touches(Tier.Edge) ? Tier.Edge : Tier.Cloud;

    /// <summary>Each unit's (W1 tier, W2 tier): the first units on the edge, in the order EE, EC, CE, CC.</summary>
    public (Tier Up, Tier Down)[] UnitTiers()
    {
        var units = new (Tier, Tier)[Units];
        for (var i = 0; i < units.Length; i++)
            units[i] = TiersOfUnit(i);
        return units;
    }

    public (Tier Up, Tier Down) TiersOfUnit(int index) =>
        index < EdgeEdge ? (Tier.Edge, Tier.Edge)
        : index < EdgeEdge + EdgeCloud ? (Tier.Edge, Tier.Cloud)
        : index < EdgeEdge + EdgeCloud + CloudEdge ? (Tier.Cloud, Tier.Edge)
        : (Tier.Cloud, Tier.Cloud);
}
