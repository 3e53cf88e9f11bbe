using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Bench;

/// <summary>
/// `bench live-controller`'s figures: per token, where the live work ran and its wall time beside the simulated twin's
/// plan and modelled time; the placement sequences (runs of equal placement) of both; mean decode-token latency per link
/// phase (the trace's state when the token started) and overall, with the ratio simulated / live.
/// </summary>
public sealed class LiveControllerComparison
{
    public sealed record TokenRow(int Index, double LiveStartS, double LiveMs, string LivePlacement, double SimStartS, double SimMs, string SimPlacement);

    public sealed record PhaseRow(string Link, int LiveTokens, double LiveMeanMs, int SimTokens, double SimMeanMs, double Ratio);

    public sealed record Run(string Placement, int FirstToken, int LastToken, double StartS);

    /// <param name="liveDecided">the live controller's chosen placement per epoch; <paramref name="simDecided"/> the twin's.</param>
    public LiveControllerComparison(IReadOnlyList<TokenRow> tokens, ILinkModel link, IReadOnlyList<string>? liveDecided = null, IReadOnlyList<string>? simDecided = null)
    {
        LiveDecided = Distinct(liveDecided ?? []);
        SimDecided = Distinct(simDecided ?? []);
        SameDecisions = LiveDecided.SequenceEqual(SimDecided);
        Tokens = tokens;
        LiveRuns = Runs(tokens.Select(t => (t.LivePlacement, t.LiveStartS)).ToList());
        SimRuns = Runs(tokens.Select(t => (t.SimPlacement, t.SimStartS)).ToList());
        SameSequence = LiveRuns.Select(r => r.Placement).SequenceEqual(SimRuns.Select(r => r.Placement));
        SamePlacementTokens = tokens.Count(t => t.LivePlacement == t.SimPlacement);
        var decode = tokens.Where(t => t.Index > 0).ToList();
        string Phase(double s)
        {
            var state = link.At(TimeSpan.FromSeconds(s));
            return state.Up ? $"{state.UplinkMbps:G4} Mbit/s {state.RttMs:G4} ms" : "down";
        }

        Phases = decode.Select(t => Phase(t.LiveStartS)).Concat(decode.Select(t => Phase(t.SimStartS))).Distinct().Select(p =>
        {
            var live = decode.Where(t => Phase(t.LiveStartS) == p).Select(t => t.LiveMs).ToArray();
            var sim = decode.Where(t => Phase(t.SimStartS) == p).Select(t => t.SimMs).ToArray();
            var (l, s) = (live.Length > 0 ? live.Average() : double.NaN, sim.Length > 0 ? sim.Average() : double.NaN);
            return new PhaseRow(p, live.Length, l, sim.Length, s, s / l);
        }).ToArray();
        LiveMeanMs = decode.Average(t => t.LiveMs);
        SimMeanMs = decode.Average(t => t.SimMs);
    }

    public IReadOnlyList<TokenRow> Tokens { get; }

    /// <summary>The plans the live controller chose, consecutive repeats removed.</summary>
    public IReadOnlyList<string> LiveDecided { get; }

    public IReadOnlyList<string> SimDecided { get; }

    /// <summary>Both controllers chose the same plans in the same order.</summary>
    public bool SameDecisions { get; }

    public IReadOnlyList<Run> LiveRuns { get; }

    public IReadOnlyList<Run> SimRuns { get; }

    /// <summary>The live and simulated runs go through the same placements in the same order.</summary>
    public bool SameSequence { get; }

    public int SamePlacementTokens { get; }

    public IReadOnlyList<PhaseRow> Phases { get; }

    public double LiveMeanMs { get; }

    public double SimMeanMs { get; }

    public double Ratio => SimMeanMs / LiveMeanMs;

    public bool Within25 => Math.Abs(Ratio - 1) <= 0.25;

    private static List<string> Distinct(IReadOnlyList<string> placements) =>
        placements.Where((p, i) => i == 0 || placements[i - 1] != p).ToList();

    private static List<Run> Runs(IReadOnlyList<(string Placement, double Start)> tokens)
    {
        var runs = new List<Run>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (runs.Count > 0 && runs[^1].Placement == tokens[i].Placement)
                runs[^1] = runs[^1] with { LastToken = i };
            else
                runs.Add(new Run(tokens[i].Placement, i, i, tokens[i].Start));
        }

        return runs;
    }
}
