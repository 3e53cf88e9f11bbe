namespace Splitwise.Testbed.Synthetic;

/// <summary>Draws capacity and RTT series from <see cref="MarkovLinkParameters"/>; the same seed gives the same series.</summary>
public static class MarkovLinkGenerator
{
    public static (double[] CapacityMbps, double[] RttMs) Generate(MarkovLinkParameters p, int steps, Random random)
    {
        if (steps < 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "must be >= 0");
        var capacity = new double[steps];
        var rtt = new double[steps];
        var state = Draw(random, p.States.Select(s => s.Share).Append(p.OutageShare).ToArray());
        var z = Normal(random);
        var innovation = Math.Sqrt(1 - p.Ar1 * p.Ar1);
        for (var t = 0; t < steps; t++)
        {
            if (t > 0)
            {
                var next = Draw(random, p.Transitions[state]);
                // A new state starts a fresh residual; staying keeps the AR(1) memory.
                z = next == state ? p.Ar1 * z + innovation * Normal(random) : Normal(random);
                state = next;
            }

            if (state == p.OutageState)
            {
                (capacity[t], rtt[t]) = (0, p.OutageRttMs);
                continue;
            }

            capacity[t] = p.States[state].Draw(z);
            rtt[t] = p.States[state].MeanRttMs;
        }

        return (capacity, rtt);
    }

    private static int Draw(Random random, IReadOnlyList<double> weights)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0)
                return i;
        }

        return weights.Count - 1;
    }

    private static double Normal(Random random)
    {
        // Box-Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
