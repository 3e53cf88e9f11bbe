using System.Globalization;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

public static class DebugBands
{
    public static void Print(StrategyOutcome a, StrategyOutcome b)
    {
        double[] edges = [0, 100, 110, 120, 135, 150, 200, 300, 425, 435, 450, 500, 1e9];
        for (var i = 0; i + 1 < edges.Length; i++)
        {
            var ra = a.Requests.Where(r => r.ThresholdMs >= edges[i] && r.ThresholdMs < edges[i + 1]).ToList();
            var rb = b.Requests.Where(r => r.ThresholdMs >= edges[i] && r.ThresholdMs < edges[i + 1]).ToList();
            if (ra.Count == 0) continue;
            string Top(List<RequestOutcome> rs) => string.Join("; ", rs.GroupBy(r => r.Configuration).OrderByDescending(g => g.Count()).Take(2).Select(g => $"{g.Key.SplitLayer}/{g.Key.CpuFrequencyMHz}/{g.Key.EdgeAccelerator}/{(g.Key.CloudAccelerator ? "G" : "C")} x{g.Count()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [{edges[i],4}-{edges[i + 1],4}) n={ra.Count,5} ds miss {ra.Count(r => !r.Met),4} sumJ {ra.Sum(r => r.EnergyJ) / 10000,6:F3} {Top(ra),-50} | ours miss {rb.Count(r => !r.Met),4} sumJ {rb.Sum(r => r.EnergyJ) / 10000,6:F3} {Top(rb)}"));
        }
    }
}
