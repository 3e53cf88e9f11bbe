namespace Splitwise.Testbed.Synthetic;

/// <summary>
/// Fits <see cref="MarkovLinkParameters"/> to measured capacity series: zero-capacity steps form the outage state; the
/// others are cut into <c>k</c> states at the quantiles of log capacity (equal shares); per state the mean and standard
/// deviation of log capacity and the mean RTT; transitions are the counted step-to-step moves (within a series only);
/// the AR(1) coefficient is the lag-1 correlation of the standardised log residuals over steps that stay in one state.
/// </summary>
public static class MarkovLinkFitter
{
    public const string MethodDescription =
        "Markov-modulated log-normal: outage state = zero-capacity steps; k bandwidth states cut at equal-share quantiles of "
        + "log capacity; per state mean/sd of log capacity and mean RTT; transition matrix = counted step-to-step moves; "
        + "AR(1) on the standardised log residual within a state (lag-1 correlation of residual pairs that stay in one state)";

    /// <summary>Fits to the measured samples of real traces (carried-forward samples left out), one step = the traces' sample period.</summary>
    public static MarkovLinkParameters Fit(IReadOnlyList<Traces.TraceLink> traces, int states, string fittedTo)
    {
        if (traces.Count == 0)
            throw new ArgumentException("no traces to fit");
        var step = traces[0].SamplePeriod;
        if (traces.Any(t => t.SamplePeriod != step))
            throw new ArgumentException("traces with different sample periods cannot be fitted as one chain");
        var measured = traces.Select(t => t.Samples.Where(s => s.Measured).ToArray()).ToList();
        return Fit(measured.Select(m => m.Select(s => s.Up ? s.CapacityMbps : 0).ToArray()).ToList(),
            measured.Select(m => m.Select(s => s.RttMs).ToArray()).ToList(), states, step.TotalSeconds, fittedTo);
    }

    /// <param name="capacity">Capacity series in Mbit/s per step (0 = outage), one per trace.</param>
    /// <param name="rtt">RTT series in ms aligned with <paramref name="capacity"/>.</param>
    public static MarkovLinkParameters Fit(IReadOnlyList<double[]> capacity, IReadOnlyList<double[]> rtt, int states, double stepSeconds, string fittedTo)
    {
        if (states < 1)
            throw new ArgumentException($"need at least one bandwidth state, got {states}");
        if (capacity.Count != rtt.Count || capacity.Zip(rtt).Any(p => p.First.Length != p.Second.Length))
            throw new ArgumentException("capacity and RTT series must align");
        var logs = capacity.SelectMany(s => s).Where(x => x > 0).Select(x => Math.Log(x)).Order().ToArray();
        if (logs.Length < states)
            throw new ArgumentException($"only {logs.Length} non-outage samples for {states} states");
        var cuts = Enumerable.Range(1, states - 1).Select(i => logs[i * logs.Length / states]).ToArray();
        int StateOf(double x) => x <= 0 ? states : cuts.Count(c => Math.Log(x) >= c);

        var labels = capacity.Select(s => s.Select(StateOf).ToArray()).ToList();
        var stateParams = new List<BandwidthState>();
        var total = capacity.Sum(s => s.Length);
        for (var q = 0; q < states; q++)
        {
            var members = Members(capacity, rtt, labels, q).ToList();
            var l = members.Select(m => Math.Log(m.Capacity)).ToArray();
            var mu = l.Average();
            var sd = Math.Sqrt(l.Sum(v => (v - mu) * (v - mu)) / l.Length);
            stateParams.Add(new BandwidthState($"q{q + 1}", mu, sd, members.Min(m => m.Capacity), members.Max(m => m.Capacity), members.Average(m => m.Rtt), (double)l.Length / total));
        }

        var outage = Members(capacity, rtt, labels, states).ToList();
        var counts = new double[states + 1, states + 1];
        double num = 0, den = 0;
        for (var i = 0; i < capacity.Count; i++)
        {
            var (x, s) = (capacity[i], labels[i]);
            for (var t = 0; t + 1 < x.Length; t++)
            {
                counts[s[t], s[t + 1]]++;
                if (s[t] == s[t + 1] && s[t] < states && stateParams[s[t]].LogSd > 0)
                {
                    var p = stateParams[s[t]];
                    var (a, b) = ((Math.Log(x[t]) - p.LogMean) / p.LogSd, (Math.Log(x[t + 1]) - p.LogMean) / p.LogSd);
                    num += a * b;
                    den += (a * a + b * b) / 2;
                }
            }
        }

        var transitions = Enumerable.Range(0, states + 1).Select(i =>
        {
            var row = Enumerable.Range(0, states + 1).Select(j => counts[i, j]).ToArray();
            var sum = row.Sum();
            // A state never left within the data (or never seen): stay, rather than invent a move.
            return (IReadOnlyList<double>)(sum > 0 ? row.Select(c => c / sum).ToArray() : row.Select((_, j) => j == i ? 1.0 : 0).ToArray());
        }).ToList();

        var ar1 = den > 0 ? Math.Clamp(num / den, 0, 0.99) : 0;
        return new MarkovLinkParameters(MethodDescription, fittedTo, stepSeconds, stateParams, (double)outage.Count / total,
            outage.Count > 0 ? outage.Average(m => m.Rtt) : stateParams.Average(s => s.MeanRttMs), transitions, ar1).Validated();
    }

    private static IEnumerable<(double Capacity, double Rtt)> Members(IReadOnlyList<double[]> capacity, IReadOnlyList<double[]> rtt, List<int[]> labels, int state)
    {
        for (var i = 0; i < capacity.Count; i++)
        {
            for (var t = 0; t < capacity[i].Length; t++)
            {
                if (labels[i][t] == state)
                    yield return (capacity[i][t], rtt[i][t]);
            }
        }
    }
}
