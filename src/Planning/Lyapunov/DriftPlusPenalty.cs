namespace Splitwise.Planning.Lyapunov;

/// <summary>
/// The drift-plus-penalty rule (Neely 2010, ch. 3-4): each epoch choose the action minimising
/// V x penalty + sum_i Z_i x usage_i (the bound on the Lyapunov drift of L = 1/2 sum Z_i^2 plus V times the penalty,
/// up to a constant). With queues mean rate stable the time-average penalty is within O(1/V) of the optimum and the
/// queues are O(V): V trades one for the other. Reward for a learner = minus this value.
/// </summary>
public static class DriftPlusPenalty
{
    /// <param name="v">the penalty's weight V (>= 0).</param>
    /// <param name="backlogs">Z_i, one per queue.</param>
    /// <param name="usages">usage_i the action would cause, in the queues' units, same order.</param>
    /// <param name="queueTerm">false = the ablation: V x penalty alone, the queues ignored.</param>
    public static double Value(double v, double penalty, IReadOnlyList<double> backlogs, IReadOnlyList<double> usages, bool queueTerm = true)
    {
        if (backlogs.Count != usages.Count)
            throw new ArgumentException($"{backlogs.Count} queues but {usages.Count} usages");
        var value = v * penalty;
        if (!queueTerm)
            return value;
        for (var i = 0; i < backlogs.Count; i++)
            value += backlogs[i] * usages[i];
        return value;
    }

    /// <summary>The learner's reward for an epoch: minus the drift-plus-penalty of what actually happened.</summary>
    public static double Reward(double v, double penalty, IReadOnlyList<double> backlogs, IReadOnlyList<double> usages) =>
        -Value(v, penalty, backlogs, usages);

    /// <summary>Index of the candidate with the least drift-plus-penalty (the first on ties).</summary>
    public static int Choose(double v, IReadOnlyList<double> backlogs, IReadOnlyList<Candidate> candidates, bool queueTerm = true)
    {
        if (candidates.Count == 0)
            throw new ArgumentException("no candidate to choose from");
        var (best, bestValue) = (0, double.PositiveInfinity);
        for (var i = 0; i < candidates.Count; i++)
        {
            var value = Value(v, candidates[i].Penalty, backlogs, candidates[i].Usages, queueTerm);
            if (value < bestValue)
                (best, bestValue) = (i, value);
        }

        return best;
    }
}

/// <summary>One action as drift-plus-penalty sees it: its penalty and the usage it would add to each queue.</summary>
public sealed record Candidate(double Penalty, IReadOnlyList<double> Usages);
