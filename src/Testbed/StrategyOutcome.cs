using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>What one request got: the threshold, the configuration chosen, and the run it produced.</summary>
public sealed record RequestOutcome(double ThresholdMs, Configuration Configuration, Placement Placement, double LatencyMs, double EnergyJ)
{
    public bool Met => LatencyMs <= ThresholdMs;
}

/// <summary>Figures of one strategy over a threshold sequence.</summary>
public sealed record StrategyOutcome(string Strategy, List<RequestOutcome> Requests)
{
    public int Violations => Requests.Count(r => !r.Met);

    public double MetPercent => 100.0 * Requests.Count(r => r.Met) / Requests.Count;

    public double MeanEnergyJ => Requests.Average(r => r.EnergyJ);

    public double MedianEnergyJ => Median(Requests.Select(r => r.EnergyJ));

    public double MeanLatencyMs => Requests.Average(r => r.LatencyMs);

    public double MedianLatencyMs => Median(Requests.Select(r => r.LatencyMs));

    public int Count(Placement p) => Requests.Count(r => r.Placement == p);

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
