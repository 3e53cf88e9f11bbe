using Splitwise.Planning.DynaSplit.Scheduling;

namespace Splitwise.Testbed;

/// <summary>
/// The least mean energy per request any scheduler can expect to spend while expecting to meet at least a target
/// share of a threshold sequence on a recorded pool, when the outcome of a request is a run of its configuration
/// drawn from the pool (as in <see cref="PoolReplay"/>, no switching cost). It knows every configuration's recorded
/// runs, which no scheduler does, so it is a lower bound: a seed on which `dynasplit` spent less than this could not
/// be matched at the target share by any scheduler, in expectation.
/// Method: each request may take any configuration (or a mix of two, the linear relaxation), with a met chance =
/// its share of runs at or under the threshold and an energy = its mean run energy; a price per met request
/// (Lagrange multiplier) is bisected until the expected share reaches the target, and the two choices either side
/// of it are mixed to meet it exactly.
/// </summary>
public static class PoolEnergyBound
{
    public sealed record Bound(double TargetPercent, double MeanEnergyJ, double MaxMetPercent);

    public static Bound AtLeast(MeasurementPool pool, IReadOnlyList<double> thresholds, double targetPercent)
    {
        if (thresholds.Count == 0)
            throw new ArgumentException("no thresholds", nameof(thresholds));
        if (targetPercent is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(targetPercent), "the target is a percentage in [0, 100]");
        var configurations = pool.Configurations
            .Select(c => pool.RunsOf(c))
            // With no borrowed spread (ratio 1) a forecast is the recorded runs themselves: its share under a threshold is the met chance.
            .Select(runs => (EnergyJ: runs.Average(r => r.EnergyJ), Runs: new LatencyForecast(runs.Select(r => r.LatencyMs).ToArray(), [1.0])))
            .OrderBy(c => c.EnergyJ).ToArray();
        var choices = thresholds.Select(t => Worthwhile(configurations, t)).ToArray();
        var maxMet = 100 * choices.Average(c => c[^1].Chance);
        if (maxMet < targetPercent)
            return new Bound(targetPercent, double.NaN, maxMet);

        var (low, high) = (0.0, 1.0);
        while (Solve(choices, high).MetPercent < targetPercent)
            high *= 2;
        for (var i = 0; i < 100 && high - low > 1e-9 * high; i++)
        {
            var middle = 0.5 * (low + high);
            if (Solve(choices, middle).MetPercent >= targetPercent)
                high = middle;
            else
                low = middle;
        }

        var (under, over) = (Solve(choices, low), Solve(choices, high));
        var share = over.MetPercent - under.MetPercent <= 0 ? 1 : (targetPercent - under.MetPercent) / (over.MetPercent - under.MetPercent);
        return new Bound(targetPercent, under.MeanEnergyJ + Math.Clamp(share, 0, 1) * (over.MeanEnergyJ - under.MeanEnergyJ), maxMet);
    }

    /// <summary>The configurations worth taking for one threshold: by energy, each with a better chance than every cheaper one.</summary>
    private static (double EnergyJ, double Chance)[] Worthwhile((double EnergyJ, LatencyForecast Runs)[] byEnergy, double thresholdMs)
    {
        var kept = new List<(double, double)>();
        var best = -1.0;
        foreach (var (energy, runs) in byEnergy)
        {
            var chance = runs.Probability(thresholdMs);
            if (chance > best)
                kept.Add((energy, best = chance));
        }

        return [.. kept];
    }

    private static (double MetPercent, double MeanEnergyJ) Solve((double EnergyJ, double Chance)[][] choices, double pricePerMetJ)
    {
        double met = 0, energy = 0;
        foreach (var options in choices)
        {
            var pick = options.MinBy(o => o.EnergyJ - pricePerMetJ * o.Chance);
            met += pick.Chance;
            energy += pick.EnergyJ;
        }

        return (100 * met / choices.Length, energy / choices.Length);
    }
}
