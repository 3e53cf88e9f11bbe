namespace Splitwise.Testbed.Cloud;

/// <summary>
/// Fits <see cref="LoadParameters"/> to a recorded workload: arrivals are counted per window, the windows are cut into
/// <c>states</c> classes at equal-share quantiles of their counts, each state's rate is its windows' mean count per
/// second, and the transition matrix counts window-to-window moves; lengths get a log-normal fit each.
/// </summary>
public static class LoadFitter
{
    public static LoadParameters Fit(IReadOnlyList<LoadRequest> requests, string fittedTo, int states = 4, double windowSeconds = 10)
    {
        if (requests.Count < 2)
            throw new ArgumentException("need at least two requests to fit a load");
        ArgumentOutOfRangeException.ThrowIfLessThan(states, 1);
        var windows = (int)Math.Ceiling((requests[^1].ArrivalSeconds + 1e-9) / windowSeconds);
        var counts = new int[windows];
        foreach (var r in requests)
            counts[Math.Min(windows - 1, (int)(r.ArrivalSeconds / windowSeconds))]++;
        var sorted = counts.Order().ToArray();
        var cuts = Enumerable.Range(1, states - 1).Select(i => sorted[i * sorted.Length / states]).ToArray();
        int StateOf(int c) => cuts.Count(cut => c > cut);
        var of = counts.Select(StateOf).ToArray();
        var rates = Enumerable.Range(0, states).Select(s =>
        {
            var inState = counts.Where((_, w) => of[w] == s).ToArray();
            return inState.Length == 0 ? 0 : inState.Average() / windowSeconds;
        }).ToArray();
        var moves = new double[states][];
        for (var s = 0; s < states; s++)
            moves[s] = new double[states];
        for (var w = 1; w < windows; w++)
            moves[of[w - 1]][of[w]]++;
        for (var s = 0; s < states; s++)
        {
            var total = moves[s].Sum();
            for (var t = 0; t < states; t++)
                moves[s][t] = total > 0 ? moves[s][t] / total : s == t ? 1 : 0;
        }

        return new LoadParameters(
            "Markov-modulated Poisson: arrivals counted per window, windows cut into equal-share quantile states of their count, per-state rate = mean count / window, transitions counted window to window; prompt and output lengths log-normal (mean/sd of ln tokens), clipped to the range seen",
            fittedTo, windowSeconds, rates, moves, LengthFit.Of(requests.Select(r => r.PromptTokens)), LengthFit.Of(requests.Select(r => r.OutputTokens)));
    }
}
