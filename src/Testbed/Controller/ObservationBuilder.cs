using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Energy;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Controller;

/// <summary>
/// Turns each epoch's live measurements into the same <see cref="Observation"/> the simulator builds: the link estimate
/// (<see cref="LinkEstimator"/>, from the crossings the meters saw) and the queues go through the simulator's own
/// <see cref="ObservationTracker"/> (one function for both: moving averages, variance, arrival rate, history). The edge
/// queue is the open generations beyond the one in service (the live edge serves them concurrently; the simulator's
/// FIFO queue counts the same requests). Also the epoch's <see cref="BudgetSample"/> for the virtual queues: edge
/// energy from the device's busy time and the radio's wire time (<see cref="EnergyModel"/>, the profile's powers), the
/// codec's loss on the tokens that crossed; cloud spend is not metered live (a dedicated cloud silo) and is 0.
/// </summary>
public sealed class ObservationBuilder
{
    private readonly SimulationOptions _options;
    private readonly DeviceProfile _edge;
    private readonly Budgets.Budgets _budgets;
    private readonly double _codecLoss;
    private readonly ObservationTracker _tracker;
    private long _epoch;

    /// <param name="initialLink">the link assumed before any crossing was seen.</param>
    public ObservationBuilder(SimulationOptions options, DeviceProfile edge, long edgeMemoryBytes, LinkState initialLink,
        Budgets.Budgets? budgets = null, double codecLossBitsPerByte = 0)
    {
        _options = options.Validated();
        (_edge, _budgets, _codecLoss) = (edge, budgets ?? Budgets.Budgets.None, codecLossBitsPerByte);
        _tracker = new ObservationTracker(_options, edgeMemoryBytes);
        Estimator = new LinkEstimator(initialLink);
    }

    public LinkEstimator Estimator { get; }

    /// <summary>The observation before the first epoch (nothing measured yet: the initial link).</summary>
    public Observation First(double timeSeconds = 0) => _tracker.Next(0, timeSeconds, 0, 0, 0, Estimator.Last, 0);

    public (Observation Observation, BudgetSample Budget, LinkState Link) Next(LiveMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var link = Estimator.Next(m.Link, m.ProbeFailed);
        _epoch++;
        var queue = Math.Max(0, m.ActiveSessions - 1);
        var observation = _tracker.Next(_epoch, m.TimeSeconds, queue, 0, 0, link, m.Arrivals) with { CloudLoadLast = m.CloudLoad };
        var seconds = _options.EpochSeconds;
        var halfRtt = link.RttMs / 2;
        var transmit = Math.Max(0, m.Link.Up.DelayMs - m.Link.Up.Count * halfRtt) / 1e3;
        var receive = Math.Max(0, m.Link.Down.DelayMs - m.Link.Down.Count * halfRtt) / 1e3;
        var compute = Math.Clamp(m.EdgeComputeSeconds, 0, seconds);
        var idle = Math.Max(0, seconds - compute - transmit - receive);
        var joules = EnergyModel.Edge(_edge, new StateTimes(TimeSpan.FromSeconds(compute), TimeSpan.FromSeconds(transmit),
            TimeSpan.FromSeconds(receive), TimeSpan.FromSeconds(idle))).TotalJ;
        var loss = m.Tokens == 0 ? 0 : _codecLoss * m.CrossingTokens / m.Tokens;
        var usage = _budgets.Usage(joules, 0, loss, seconds);
        return (observation, new BudgetSample(usage.EdgePower, usage.CloudSpend, usage.CodecLoss), link);
    }
}
