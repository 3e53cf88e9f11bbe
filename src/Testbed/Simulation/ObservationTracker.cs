using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Builds each epoch's <see cref="Observation"/> from the past only: the link is estimated from the epochs already
/// lived through (the first epoch sees its own start, as a connection probe would), queues from the simulator's state,
/// moving averages are exponential with the options' alpha.
/// </summary>
public sealed class ObservationTracker(SimulationOptions options, long edgeMemoryBytes)
{
    private readonly Queue<EpochRecord> _history = new();
    private double _queueAverage, _cloudAverage, _bandwidthMean, _bandwidthVariance, _arrivalRate;
    private bool _started;

    public Observation Next(long epoch, double time, int queueLength, double edgeBacklog, double cloudBacklog, LinkState lastLink, int lastArrivals)
    {
        var a = options.SmoothingAlpha;
        var mbps = lastLink.Up ? lastLink.UplinkMbps : 0;
        var rate = lastArrivals / options.EpochSeconds;
        if (!_started)
        {
            (_queueAverage, _cloudAverage, _bandwidthMean, _bandwidthVariance, _arrivalRate, _started) = (queueLength, cloudBacklog, mbps, 0, rate, true);
        }
        else
        {
            _queueAverage += a * (queueLength - _queueAverage);
            _cloudAverage += a * (cloudBacklog - _cloudAverage);
            var delta = mbps - _bandwidthMean;
            _bandwidthMean += a * delta;
            _bandwidthVariance = (1 - a) * (_bandwidthVariance + a * delta * delta);
            _arrivalRate += a * (rate - _arrivalRate);
        }

        var observation = new Observation(time, epoch, queueLength, edgeBacklog, cloudBacklog, _queueAverage, _cloudAverage,
            new BandwidthEstimate(mbps, _bandwidthMean, _bandwidthVariance, lastLink.Up ? lastLink.DownlinkMbps : 0),
            lastLink.RttMs, _arrivalRate, edgeMemoryBytes, 1.0, _history.ToArray());
        _history.Enqueue(new EpochRecord(epoch, queueLength, mbps, lastArrivals));
        while (_history.Count > options.HistoryLength)
            _history.Dequeue();
        return observation;
    }
}
