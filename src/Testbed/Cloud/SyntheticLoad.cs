namespace Splitwise.Testbed.Cloud;

/// <summary>Seeded requests from fitted <see cref="LoadParameters"/>: the product's stand-in for a recorded serving trace.</summary>
public static class SyntheticLoad
{
    public static IReadOnlyList<LoadRequest> Generate(LoadParameters p, double durationSeconds, int seed)
    {
        var random = new Random(seed);
        var requests = new List<LoadRequest>();
        var state = random.Next(p.RatesPerSecond.Length);
        for (var start = 0.0; start < durationSeconds; start += p.WindowSeconds)
        {
            var rate = p.RatesPerSecond[state];
            var t = start;
            while (rate > 0)
            {
                t += -Math.Log(1 - random.NextDouble()) / rate;
                if (t >= start + p.WindowSeconds || t >= durationSeconds)
                    break;
                requests.Add(new LoadRequest(t, p.Prompt.Draw(random), p.Output.Draw(random)));
            }

            state = Next(p.Transitions[state], random.NextDouble());
        }

        return requests;
    }

    private static int Next(double[] row, double u)
    {
        for (var i = 0; i < row.Length; i++)
        {
            u -= row[i];
            if (u < 0)
                return i;
        }

        return row.Length - 1;
    }
}
