namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// One NSGA-III environmental selection: from the combined parents and offspring R_t (2N) keep N.
/// Whole non-dominated fronts are taken while they fit; the front that overflows is cut by
/// reference-direction niching on the normalised objectives of everything kept so far.
/// </summary>
public static class Nsga3Survival
{
    public static List<int> Select(IReadOnlyList<IReadOnlyList<double>> objectives, int populationSize,
        IReadOnlyList<double[]> references, Random random)
    {
        var fronts = NonDominatedSort.Sort(objectives);
        var chosen = new List<int>(populationSize);
        var l = 0;
        while (l < fronts.Count && chosen.Count + fronts[l].Count <= populationSize)
            chosen.AddRange(fronts[l++]);
        if (chosen.Count == populationSize || l == fronts.Count)
            return chosen;

        var lastFront = fronts[l];
        var st = chosen.Concat(lastFront).ToList();
        var normalized = Normalization.Normalize(st.Select(i => objectives[i]).ToList());
        var associations = ReferenceAssociation.Associate(normalized, references);

        // Associations are indexed by position in S_t; the chosen ones come first.
        var nicheCounts = new int[references.Count];
        for (var p = 0; p < chosen.Count; p++)
            nicheCounts[associations[p].Reference]++;
        var lastPositions = Enumerable.Range(chosen.Count, lastFront.Count).ToList();
        var picked = Niching.Select(nicheCounts, lastPositions, associations, populationSize - chosen.Count, random);
        chosen.AddRange(picked.Select(p => st[p]));
        return chosen;
    }
}
