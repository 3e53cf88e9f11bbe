using Splitwise.Contracts.Grains;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Controller;

public class ObservationBuilderTests
{
    private static readonly SimulationOptions Options = new(EpochSeconds: 0.5);

    [Fact]
    public void LiveMeasurementsMakeTheSimulatorsObservationOfTheSameLink()
    {
        // A link that changes every epoch; the simulator's tracker sees each epoch's true state, the builder the
        // crossings the meters would have recorded in it (a probe of two sizes).
        var link = new PiecewiseLink([
            (TimeSpan.Zero, new LinkState(40, 80, 20)), (TimeSpan.FromSeconds(1), new LinkState(0.5, 1, 200)),
            (TimeSpan.FromSeconds(2), new LinkState(0, 0, 200, Up: false)), (TimeSpan.FromSeconds(3), new LinkState(40, 80, 20))]);
        var memory = DeviceProfiles.RaspberryPi5.MemoryBytes;
        var tracker = new ObservationTracker(Options, memory);
        var builder = new ObservationBuilder(Options, DeviceProfiles.RaspberryPi5, memory, LinkEstimator.Unmeasured);
        for (var epoch = 1; epoch <= 8; epoch++)
        {
            var at = TimeSpan.FromSeconds(epoch * Options.EpochSeconds - 0.25);
            var state = link.At(at);
            var sums = state.Up ? LinkEstimatorTests.Crossings(link, at, 2048, 2) : new LinkSums(default, default, 1, true);
            var arrivals = epoch % 3;
            var (live, _, _) = builder.Next(new LiveMeasurement(epoch * Options.EpochSeconds, sums, !state.Up, ActiveSessions: 2, arrivals, 0.1));
            var simulated = tracker.Next(epoch, epoch * Options.EpochSeconds, 1, 0, 0, state, arrivals);
            Assert.Equal(simulated.EdgeQueueLength, live.EdgeQueueLength);
            Assert.Equal(simulated.ArrivalRatePerSecond, live.ArrivalRatePerSecond, 9);
            Assert.Equal(simulated.Bandwidth.LastMbps, live.Bandwidth.LastMbps, 0.01);
            Assert.Equal(simulated.Bandwidth.MeanMbps, live.Bandwidth.MeanMbps, 0.01);
            Assert.Equal(simulated.Bandwidth.DownlinkLastMbps, live.Bandwidth.DownlinkLastMbps, 0.01);
            if (state.Up)
                Assert.Equal(simulated.RttMsEstimate, live.RttMsEstimate, 0.001);
            Assert.Equal(simulated.History.Count, live.History.Count);
        }
    }

    [Fact]
    public void TheBudgetSampleChargesTheDevicesBusyTimeAndTheWire()
    {
        var budgets = new Budgets.Budgets(EdgePowerW: 5, CloudDollarsPerHour: double.PositiveInfinity, CodecLossBitsPerByte: 0.01);
        var edge = DeviceProfiles.RaspberryPi5;
        var builder = new ObservationBuilder(Options, edge, edge.MemoryBytes, LinkEstimator.Unmeasured, budgets, codecLossBitsPerByte: 0.02);
        var idle = builder.Next(new LiveMeasurement(0.5, default, false, 0, 0, 0)).Budget;
        Assert.Equal(edge.IdlePower.Value / 5, idle.EdgeEnergy, 9);
        var busy = builder.Next(new LiveMeasurement(1.0, default, false, 1, 1, 0.5, CrossingTokens: 1, Tokens: 2)).Budget;
        Assert.Equal(edge.ActivePower.Value / 5, busy.EdgeEnergy, 9);
        Assert.Equal(1.0, busy.AccuracyLoss, 9);
        Assert.Equal(0, busy.CloudSpend);
    }
}
