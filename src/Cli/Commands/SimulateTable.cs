using Splitwise.Cli.Bench;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Cli.Commands;

/// <summary>The `simulate` table: one row per policy; an infeasible policy shows why instead of numbers.</summary>
public static class SimulateTable
{
    public static void Print(IReadOnlyList<PolicySummary> rows)
    {
        Console.WriteLine($"{"policy",-16} {"mean s",9} {"p50 s",9} {"p95 s",9} {"p99 s",9} {"ttft s",8} {"edge J",9} {"cloud J",9} {"up kB",9} {"q grew%",8} {"refused",7} {"wall s",7}");
        foreach (var r in rows)
        {
            if (r.Infeasible)
            {
                Console.WriteLine($"{r.Policy,-16} infeasible: {r.InfeasibleReason}");
                continue;
            }

            if (r.Unstable is not null)
            {
                Console.WriteLine($"{r.Policy,-16} unstable: {r.Unstable}");
                continue;
            }

            Console.WriteLine($"{r.Policy,-16} {B(r.MeanLatencySeconds),9} {B(r.P50LatencySeconds),9} {B(r.P95LatencySeconds),9} {B(r.P99LatencySeconds),9} "
                              + $"{B(r.MeanTtftSeconds),8} {B(r.MeanEdgeEnergyJ, 1),9} {B(r.MeanCloudEnergyJ, 1),9} {B(r.MeanBytesUp / 1e3, 1),9} "
                              + $"{B(r.QueueGrewPercent, 1),8} {r.RejectedPlans,7} {B(r.WallSeconds, 2),7}");
        }
    }

    public static object Json(PolicySummary r) => r.Infeasible ? new { policy = r.Policy, infeasible = r.InfeasibleReason }
        : r.Unstable is not null ? new { policy = r.Policy, unstable = r.Unstable, served = r.Requests }
        : new
        {
            policy = r.Policy,
            mean_latency_s = r.MeanLatencySeconds,
            p50_latency_s = r.P50LatencySeconds,
            p95_latency_s = r.P95LatencySeconds,
            p99_latency_s = r.P99LatencySeconds,
            mean_ttft_s = r.MeanTtftSeconds,
            edge_energy_j = r.MeanEdgeEnergyJ,
            cloud_energy_j = r.MeanCloudEnergyJ,
            bytes_up = r.MeanBytesUp,
            bytes_down = r.MeanBytesDown,
            queue_grew_percent = r.QueueGrewPercent,
            refused_plans = r.RejectedPlans,
            wall_s = r.WallSeconds,
        } as object;

    private static string B(double v, int decimals = 3) => BenchOutput.F(v, decimals);
}
