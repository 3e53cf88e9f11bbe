namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// NSGA-III niche-preserving selection (Deb and Jain, 2014, Algorithm 4): fill the K remaining slots
/// from the last front F_l, each time from the reference line with the fewest members already chosen
/// (ties broken at random); an empty niche takes its closest candidate, a populated one a random one.
/// A line with no candidates left in F_l is excluded for the rest of this generation.
/// </summary>
public static class Niching
{
    /// <param name="nicheCounts">members already selected (fronts before F_l) per reference line; updated.</param>
    /// <param name="lastFront">indices of F_l's members.</param>
    /// <param name="associations">association of every point, indexed like the points.</param>
    /// <param name="slots">K: how many to take from F_l.</param>
    public static List<int> Select(int[] nicheCounts, IReadOnlyList<int> lastFront,
        IReadOnlyList<ReferenceAssociation.Association> associations, int slots, Random random)
    {
        var chosen = new List<int>(slots);
        var remaining = new List<int>(lastFront);
        var excluded = new bool[nicheCounts.Length];

        while (chosen.Count < slots)
        {
            var minCount = int.MaxValue;
            for (var j = 0; j < nicheCounts.Length; j++)
            {
                if (!excluded[j])
                    minCount = Math.Min(minCount, nicheCounts[j]);
            }

            var leastCrowded = Enumerable.Range(0, nicheCounts.Length)
                .Where(j => !excluded[j] && nicheCounts[j] == minCount).ToList();
            var niche = leastCrowded[random.Next(leastCrowded.Count)];
            var members = remaining.Where(i => associations[i].Reference == niche).ToList();
            if (members.Count == 0)
            {
                excluded[niche] = true;
                continue;
            }

            var pick = nicheCounts[niche] == 0
                ? members.MinBy(i => associations[i].Distance)
                : members[random.Next(members.Count)];
            chosen.Add(pick);
            remaining.Remove(pick);
            nicheCounts[niche]++;
        }

        return chosen;
    }
}
