using System.Globalization;
using Splitwise.Cli.Bench;
using Splitwise.Contracts.Grains;

namespace Splitwise.Cli.Run;

/// <summary>
/// What `run --trace` prints instead of one line per token: a row only where the plan version or the placement
/// changes (tokens a-b, plan, each layer E edge / C cloud / M mixed), and the link as each token saw it as a
/// summary (mean and p95 over the tokens) rather than 64 copies of the same figures.
/// </summary>
public sealed class RunTrace
{
    private readonly List<(int First, int Last, long Plan, string Placement, string Detail)> _rows = [];
    private readonly List<LinkUse> _links = [];

    public IReadOnlyList<(int First, int Last, long Plan, string Placement, string Detail)> Rows => _rows;

    public void Add(TokenStep step)
    {
        _links.Add(step.Link);
        var (placement, detail) = Placement(step.Layers);
        if (_rows.Count > 0 && _rows[^1].Plan == step.PlanVersion && _rows[^1].Detail == detail)
            _rows[^1] = _rows[^1] with { Last = step.Index };
        else
            _rows.Add((step.Index, step.Index, step.PlanVersion, placement, detail));
    }

    public IEnumerable<string> Table()
    {
        yield return $"{"tokens",-9} {"plan",-5} layers (E edge, C cloud, M mixed: sub-blocks on both)";
        foreach (var r in _rows)
        {
            var tokens = r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}";
            yield return $"{tokens,-9} {"v" + r.Plan,-5} {r.Placement}" + (r.Placement.Contains('M', StringComparison.Ordinal) ? $"  ({r.Detail})" : "");
        }
    }

    /// <summary>Token 0 carries the prompt (prefill) and is shown apart; the decode tokens as mean and p95.</summary>
    public string LinkSummary()
    {
        if (_links.Count == 0)
            return "no tokens";
        var first = _links[0];
        var prefill = string.Create(CultureInfo.InvariantCulture,
            $"link, as the session saw it: prefill (token 0) {first.FarCalls} far calls, {first.BytesUp} B up, {first.BytesDown} B down, {first.FarCallMs:0.0} ms");
        var decode = _links.Skip(1).ToList();
        if (decode.Count == 0)
            return prefill;
        string Of(Func<LinkUse, double> f, string format)
        {
            var values = decode.Select(f).Order().ToArray();
            return $"mean {values.Average().ToString(format, CultureInfo.InvariantCulture)} p95 {SampleStats.Percentile(values, 0.95).ToString(format, CultureInfo.InvariantCulture)}";
        }

        return $"{prefill}; per decode token ({decode.Count}): far calls {Of(l => l.FarCalls, "0.#")}, " +
               $"B up {Of(l => l.BytesUp, "0")}, B down {Of(l => l.BytesDown, "0")}, far-call ms {Of(l => l.FarCallMs, "0.0")}";
    }

    /// <summary>Layer strings such as "L0 attn EEEE | ffn EEEE" to one letter per layer, and the full detail.</summary>
    private static (string Placement, string Detail) Placement(string[] layers)
    {
        var letters = layers.Select(l =>
        {
            var sides = l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..].Where(c => c is 'E' or 'C').Distinct().ToArray();
            return sides.Length == 1 ? sides[0] : 'M';
        });
        return (string.Join(' ', letters), string.Join("; ", layers));
    }
}
