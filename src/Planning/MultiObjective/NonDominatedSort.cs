namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// Deb et al.'s fast non-dominated sort (NSGA-II, 2002): O(M N^2), returns the fronts F1, F2, ...
/// as lists of indices into the input. NSGA-III uses it unchanged for its first selection step.
/// </summary>
public static class NonDominatedSort
{
    public static List<List<int>> Sort(IReadOnlyList<IReadOnlyList<double>> objectives)
    {
        var n = objectives.Count;
        var dominatedBy = new List<int>[n];
        var dominationCount = new int[n];
        var fronts = new List<List<int>> { new() };

        for (var p = 0; p < n; p++)
        {
            dominatedBy[p] = [];
            for (var q = 0; q < n; q++)
            {
                if (p == q)
                    continue;
                if (Dominance.Dominates(objectives[p], objectives[q]))
                    dominatedBy[p].Add(q);
                else if (Dominance.Dominates(objectives[q], objectives[p]))
                    dominationCount[p]++;
            }

            if (dominationCount[p] == 0)
                fronts[0].Add(p);
        }

        for (var i = 0; fronts[i].Count > 0; i++)
        {
            var next = new List<int>();
            foreach (var p in fronts[i])
            {
                foreach (var q in dominatedBy[p])
                {
                    if (--dominationCount[q] == 0)
                        next.Add(q);
                }
            }

            next.Sort();
            fronts.Add(next);
        }

        fronts.RemoveAt(fronts.Count - 1); // the empty sentinel
        return fronts;
    }
}
