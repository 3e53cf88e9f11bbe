using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Links;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Sessions;
using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Grains.Controller;

/// <summary>
/// Thin: every epoch it probes the link (a payload to the cloud's link metrics grain and an empty one: the callee's meter
/// times both), reads both tiers' link sums, the edge's session board and the device emulator's busy time
/// (<see cref="LiveMeasurement"/>), lets the pure <see cref="ObservationBuilder"/> make the simulator's
/// <see cref="Observation"/> of them, runs the policy object on it (feeding it the epoch's budget sample first when it
/// keeps virtual queues) and publishes the plan through the plan grain when it differs from the one in force: the plan
/// grain stores the new version and moves exactly the sub-blocks whose tier changed (with their KV caches).
/// </summary>
[TierPlacement]
public sealed class ControllerGrain(ModelCatalog catalog, LinkEmulator link, LinkMeter edgeMeter, DeviceEmulator device, SessionBoard board,
    ILogger<ControllerGrain> log) : Grain, IControllerGrain
{
    private const int KeptDecisions = 10_000;
    private readonly List<ControllerDecision> _decisions = [];
    private ControllerSettings? _settings;
    private IPolicy? _policy;
    private ObservationBuilder? _observations;
    private LinkSums _sums;
    private double _busyMs;
    private (long Started, long Open, long Tokens, long CrossingTokens) _sessions;
    private IGrainTimer? _timer;
    private long _epoch;

    private string Model => FabricKeys.ModelOf(this.GetPrimaryKeyString());

    public async Task Start(ControllerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.EpochMs <= 0 || settings.ProbeBytes < 0 || settings.PromptTokens <= 0 || settings.OutputTokens <= 0)
            throw new InvalidRequestException($"controller settings out of range: {settings}");
        var model = catalog.Get(Model);
        LiveSetup setup;
        try
        {
            var edge = DeviceProfiles.Get(settings.EdgeDevice ?? device.Stretch?.Device.Key ?? "rpi5");
            var calibration = EdgeDeviceSettings.LoadCalibration(settings.Calibration);
            var representative = new RequestShape(settings.PromptTokens, settings.OutputTokens);
            setup = new LiveSetup(model.Shape, model.Spec, edge, calibration, settings.Codec, representative, settings.EpochMs / 1e3);
            _policy = LivePolicies.Create(settings.Policy, setup);
        }
        catch (Exception e) when (e is ArgumentException or CostModelException or Inference.Codecs.UnknownCodecException)
        {
            throw new InvalidRequestException($"the controller of '{Model}' cannot start: {e.Message}");
        }

        _observations = setup.Observations(LinkEstimator.Unmeasured);
        (_settings, _epoch) = (settings, 0);
        _decisions.Clear();
        _sums = await ReadSums() ?? default;
        _busyMs = Busy();
        _sessions = board.Read();
        _timer?.Dispose();
        _timer = settings.ManualEpochs ? null : this.RegisterGrainTimer(async _ => await Epoch(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromMilliseconds(settings.EpochMs),
            Period = TimeSpan.FromMilliseconds(settings.EpochMs),
            KeepAlive = true,
        });
        log.LogInformation("controller of '{Model}' started: policy {Policy}, epoch {Epoch} ms, edge {Edge}", Model, _policy.Name, settings.EpochMs, setup.Edge.Key);
    }

    public Task<ControllerDecision> Tick() =>
        _settings is null ? throw new InvalidRequestException("the controller has not started") : Epoch();

    public Task Stop()
    {
        _timer?.Dispose();
        _timer = null;
        _settings = null;
        return Task.CompletedTask;
    }

    public Task<ControllerDecision[]> Decisions() => Task.FromResult(_decisions.ToArray());

    private async Task<ControllerDecision> Epoch()
    {
        var settings = _settings!;
        var probeFailed = false;
        if (settings.ProbeBytes > 0)
        {
            try
            {
                var metrics = CloudMetrics();
                await metrics.Probe(new byte[settings.ProbeBytes], settings.ProbeBytes);
                await metrics.Probe([], 0);
            }
            catch (Exception e) when (StageCall.IsOutage(e))
            {
                probeFailed = true;
            }
        }

        var sums = await ReadSums();
        probeFailed |= sums is null;
        var window = sums is { } s ? s - _sums : new LinkSums(default, default, 0, true);
        _sums = sums ?? _sums;
        var busy = Busy();
        var sessions = board.Read();
        var measured = new LiveMeasurement(link.Clock().TotalSeconds, window, probeFailed, (int)sessions.Open, (int)(sessions.Started - _sessions.Started),
            Math.Max(0, busy - _busyMs) / 1e3, (int)(sessions.CrossingTokens - _sessions.CrossingTokens), (int)(sessions.Tokens - _sessions.Tokens));
        (_busyMs, _sessions) = (busy, sessions);

        var (observation, budget, estimate) = _observations!.Next(measured);
        if (_policy is IOutcomeObserver observer)
            observer.Observe(budget);
        var clock = Stopwatch.StartNew();
        var chosen = _policy!.Decide(observation);
        var decideUs = clock.Elapsed.TotalMicroseconds;

        var plans = GrainFactory.GetGrain<IPlanGrain>(FabricKeys.Plan(Model));
        var current = await plans.GetPlan();
        var published = false;
        if (!Same(current, chosen))
        {
            var change = await plans.SetPlan(chosen);
            published = change.Applied;
            if (!change.Applied)
                log.LogWarning("controller of '{Model}': plan not applied ({Reason})", Model, change.Reason);
            current = await plans.GetPlan();
        }

        var decision = new ControllerDecision(_epoch++, measured.TimeSeconds, estimate.UplinkMbps, estimate.DownlinkMbps, estimate.RttMs, estimate.Up,
            observation.EdgeQueueLength, PlanLetters.Of(chosen), current.Version, published, decideUs);
        _decisions.Add(decision);
        if (_decisions.Count > KeptDecisions)
            _decisions.RemoveAt(0);
        return decision;
    }

    private ILinkMetricsGrain CloudMetrics() => GrainFactory.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));

    // Both meters: the cloud's (edge-to-cloud calls: requests up, responses down) across the link, the edge's here.
    private async Task<LinkSums?> ReadSums()
    {
        try
        {
            return await CloudMetrics().Sums() + edgeMeter.Sums();
        }
        catch (Exception e) when (StageCall.IsOutage(e))
        {
            return null;
        }
    }

    private double Busy()
    {
        var r = device.Recorded;
        return r.MeasuredMs + r.WaitedMs;
    }

    private static bool Same(PartitionPlan a, PartitionPlan b) =>
        a.Codec == b.Codec && a.Layers == b.Layers && a.Tiers.Count == b.Tiers.Count && b.ChangedFrom(a).Count == 0;
}
