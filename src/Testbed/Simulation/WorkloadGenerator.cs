namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Seeded synthetic requests: Poisson arrivals (exponential gaps at <c>ratePerSecond</c>), prompt and output lengths
/// uniform over inclusive ranges. The defaults are our choice, not a measured distribution; <see cref="ArrivalFile"/>
/// replays a recorded one.
/// </summary>
public static class WorkloadGenerator
{
    public static IReadOnlyList<RequestSpec> Poisson(int count, double ratePerSecond, (int Min, int Max) prompt, (int Min, int Max) output, int seed)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "must be >= 0");
        if (!(ratePerSecond > 0) || !double.IsFinite(ratePerSecond))
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "arrival rate must be a positive number of requests per second");
        Check(prompt, "prompt", 1);
        Check(output, "output", 1);
        var random = new Random(seed);
        var t = 0.0;
        var requests = new RequestSpec[count];
        for (var i = 0; i < count; i++)
        {
            t += -Math.Log(1 - random.NextDouble()) / ratePerSecond;
            requests[i] = new RequestSpec(i, t, random.Next(prompt.Min, prompt.Max + 1), random.Next(output.Min, output.Max + 1));
        }

        return requests;
    }

    private static void Check((int Min, int Max) range, string name, int least)
    {
        if (range.Min < least || range.Max < range.Min)
            throw new ArgumentException($"{name} length range [{range.Min}, {range.Max}] must have {least} <= min <= max");
    }
}
