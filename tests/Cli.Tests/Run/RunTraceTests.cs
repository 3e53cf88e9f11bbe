using Splitwise.Cli.Run;
using Splitwise.Contracts.Grains;

namespace Splitwise.Cli.Tests.Run;

public sealed class RunTraceTests
{
    private static TokenStep Step(int index, long plan, string[] layers, int farCalls, double ms) =>
        new(index, 0, "x", plan, layers, new LinkUse(farCalls, 100 * farCalls, 100 * farCalls, ms), false);

    [Fact]
    public void A_row_is_added_only_when_the_plan_or_the_placement_changes()
    {
        string[] split = ["L0 attn EEEE | ffn EEEE", "L1 attn CCCC | ffn CCCC"];
        string[] mixed = ["L0 attn EECC | ffn EEEE", "L1 attn CCCC | ffn CCCC"];
        var trace = new RunTrace();
        for (var i = 0; i < 10; i++)
            trace.Add(Step(i, 2, split, 1, 40));
        for (var i = 10; i < 15; i++)
            trace.Add(Step(i, 3, mixed, 2, 80));
        trace.Add(Step(15, 3, split, 1, 40));

        Assert.Equal([(0, 9, 2L, "E C"), (10, 14, 3L, "M C"), (15, 15, 3L, "E C")], trace.Rows.Select(r => (r.First, r.Last, r.Plan, r.Placement)));
        var table = trace.Table().ToList();
        Assert.Equal(4, table.Count);
        Assert.Contains("L0 attn EECC", table[2]);
    }

    [Fact]
    public void The_link_is_summarised_with_the_prefill_apart()
    {
        var trace = new RunTrace();
        trace.Add(Step(0, 1, ["L0 attn CCCC | ffn CCCC"], 3, 500));
        for (var i = 1; i <= 20; i++)
            trace.Add(Step(i, 1, ["L0 attn CCCC | ffn CCCC"], 1, i));

        var summary = trace.LinkSummary();
        Assert.Contains("prefill (token 0) 3 far calls, 300 B up, 300 B down, 500.0 ms", summary);
        Assert.Contains("per decode token (20): far calls mean 1 p95 1", summary);
        Assert.Contains("far-call ms mean 10.5 p95 19.1", summary);
    }
}
