using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>Every way to place one stage's units, as counts: k of G head groups on the edge; FFN slices whole or split.</summary>
public static class StageChoices
{
    public static IReadOnlyList<StageLayout> Attention(int groups) =>
        Enumerable.Range(0, groups + 1).Select(k => StageLayout.Whole(StageKind.Attention, k, groups - k)).ToArray();

    /// <summary>Whole slices (k on the edge), or with <paramref name="split"/> every count of (W1 tier, W2 tier) pairs.</summary>
    public static IReadOnlyList<StageLayout> Ffn(int slices, bool split)
    {
        if (!split)
            return Enumerable.Range(0, slices + 1).Select(k => StageLayout.Whole(StageKind.Ffn, k, slices - k)).ToArray();
        var all = new List<StageLayout>();
        for (var ee = 0; ee <= slices; ee++)
        for (var ec = 0; ee + ec <= slices; ec++)
        for (var ce = 0; ee + ec + ce <= slices; ce++)
            all.Add(new StageLayout(StageKind.Ffn, true, ee, ec, ce, slices - ee - ec - ce));
        return all;
    }
}
