using Splitwise.Testbed.Links;
using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Synthetic;

/// <summary>
/// An emulated link drawn from a fitted Markov model instead of a measured trace: the product ships it so that it runs
/// without ../shared. The series is drawn once from the seed (so <see cref="At"/> stays a pure function of time) and
/// loops after <c>duration</c>. Uplink = capacity x <paramref name="uplinkRatio"/>, as for a real trace.
/// </summary>
public sealed class SyntheticLink : ILinkModel
{
    private readonly TraceLink _trace;

    public SyntheticLink(MarkovLinkParameters parameters, int seed, TimeSpan duration, double uplinkRatio = 1.0)
    {
        parameters.Validated();
        var step = TimeSpan.FromSeconds(parameters.StepSeconds);
        var steps = (int)Math.Ceiling(duration / step);
        if (steps < 1)
            throw new ArgumentException($"duration {duration} is shorter than one step ({step})");
        var (capacity, rtt) = MarkovLinkGenerator.Generate(parameters, steps, new Random(seed));
        var samples = capacity.Select((c, t) => new TraceSample(step * t, c, rtt[t], Up: c > 0));
        _trace = new TraceLink("synthetic", samples, step, new TraceOptions(UplinkRatio: uplinkRatio, Loop: true));
        Parameters = parameters;
        Description = $"synthetic Markov link ({parameters.States.Count} bandwidth states + outage, fitted to {parameters.FittedTo}), "
                      + $"seed {seed}, {steps} steps of {step.TotalSeconds:G3} s looping, uplink = {uplinkRatio:G3} x capacity";
    }

    /// <summary>The shipped default: fitted to the real 5G/LTE traces (see <see cref="DefaultLinkParameters"/>).</summary>
    public static SyntheticLink Default(int seed, TimeSpan duration, double uplinkRatio = 1.0) =>
        new(DefaultLinkParameters.Value, seed, duration, uplinkRatio);

    public MarkovLinkParameters Parameters { get; }

    public string Description { get; }

    public IReadOnlyList<TraceSample> Samples => _trace.Samples;

    public LinkState At(TimeSpan t) => _trace.At(t);
}
