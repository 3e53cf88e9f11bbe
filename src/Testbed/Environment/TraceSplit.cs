using Splitwise.Testbed.Links;
using Splitwise.Testbed.Synthetic;
using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Environment;

/// <summary>Which real link traces a scenario may use: static (phone not moving) or driving (handovers, fades, outages).</summary>
public enum LinkFamily
{
    Static,
    Driving,
}

/// <summary>
/// The real 5G/LTE traces (Raca et al., MMSys 2020; ../shared/data/net/5g-download) split once, by date, into a
/// training set (what a learning controller may fit to) and an evaluation set (what results are reported on): the
/// latest recordings of each family are held out. Without ../shared each family falls back to its synthetic link, fitted
/// to its training traces only (<see cref="FamilyLinkParameters"/>), seeded by the run's seed.
/// </summary>
public static class TraceSplit
{
    public const string SharedFolder = "../shared/data/net/5g-download";

    public static IReadOnlyList<string> Training(LinkFamily family) => family == LinkFamily.Static
        ? ["B_2019.12.16_13.40.04.csv", "B_2020.01.16_10.43.34.csv", "B_2020.02.13_13.57.29.csv"]
        : ["B_2019.12.14_10.16.30.csv", "B_2019.12.16_11.49.59.csv", "B_2019.12.16_12.27.05.csv", "B_2019.12.17_07.32.39.csv",
           "B_2020.01.16_07.26.43.csv", "B_2020.01.16_09.56.56.csv", "B_2020.02.13_13.03.24.csv"];

    public static IReadOnlyList<string> Evaluation(LinkFamily family) => family == LinkFamily.Static
        ? ["B_2020.02.14_13.21.26.csv", "B_2020.02.27_18.39.27.csv"]
        : ["B_2020.02.13_15.02.01.csv", "B_2020.02.14_09.38.22.csv", "B_2020.02.27_17.30.15.csv"];

    public static string Folder(LinkFamily family) => Path.Combine(SharedFolder, family == LinkFamily.Static ? "static" : "driving");

    /// <summary>True when the real traces are here (the product works without them).</summary>
    public static bool Available(LinkFamily family) => Evaluation(family).All(f => File.Exists(Path.Combine(Folder(family), f)));

    /// <summary>
    /// The link of one run: evaluation trace number <c>seed mod count</c> of the family (looping), or with
    /// <paramref name="training"/> a training trace; the synthetic link when the traces are absent.
    /// </summary>
    public static ILinkModel Link(LinkFamily family, int seed, bool training = false, double uplinkRatio = 1.0)
    {
        if (!Available(family))
            return new SyntheticLink(FamilyLinkParameters.Of(family), seed, TimeSpan.FromDays(1), uplinkRatio);
        var files = training ? Training(family) : Evaluation(family);
        var file = files[((seed % files.Count) + files.Count) % files.Count];
        return TraceFiles.Load(Path.Combine(Folder(family), file), new TraceOptions(UplinkRatio: uplinkRatio, Loop: true));
    }

    /// <summary>The evaluation trace of the family whose measured seconds are most often outages (the flaky link's rule).</summary>
    public static ILinkModel Flakiest(LinkFamily family, int seed, double uplinkRatio = 1.0)
    {
        if (!Available(family))
            return new SyntheticLink(FamilyLinkParameters.Of(family), seed, TimeSpan.FromDays(1), uplinkRatio);
        var options = new TraceOptions(UplinkRatio: uplinkRatio, Loop: true);
        return Evaluation(family).Select(f => TraceFiles.Load(Path.Combine(Folder(family), f), options))
            .MaxBy(t => t.MeasuredCapacity().Count(c => c <= 0) / (double)Math.Max(1, t.MeasuredCapacity().Length))!;
    }
}
