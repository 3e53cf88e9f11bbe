using System.Diagnostics;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Energy;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Discrete-event simulation of one edge device serving generation requests with a cloud behind a link. Requests
/// queue FIFO at the edge session, which serves one at a time (the device holds one copy of the model); the cloud
/// side is dedicated to this device, so its queue is the work still owed to the request in service. The policy is
/// consulted at every epoch start with an <see cref="Observation"/>; the plan in force when a request starts service
/// runs it to the end (its KV caches live where the plan put them). Plans that do not fit the edge memory are refused.
/// </summary>
public sealed class Simulator
{
    private readonly PlanCoster _coster;
    private readonly EdgeMemoryModel _memory;
    private readonly SimulationOptions _options;
    private readonly ILinkModel _link;

    public Simulator(PlanCoster coster, EdgeMemoryModel memory, ILinkModel link, SimulationOptions? options = null)
    {
        (_coster, _memory, _link, _options) = (coster, memory, link, (options ?? new SimulationOptions()).Validated());
    }

    public PlanCoster Coster => _coster;

    public SimulationOptions Options => _options;

    public PolicyRun Run(IPolicy policy, IReadOnlyList<RequestSpec> requests)
    {
        if (requests.Count == 0)
            throw new ArgumentException("no requests to simulate");
        var clock = Stopwatch.StartNew();
        var timeline = new LinkTimeline(_link, _options.EpochSeconds);
        var maxContext = requests.Max(r => r.PromptTokens + r.OutputTokens);
        var executor = new RequestExecutor(_coster, timeline, Math.Max(1, maxContext));
        var tracker = new ObservationTracker(_options, _memory.Edge.MemoryBytes);
        var layouts = new Dictionary<PartitionPlan, PlanLayout>(ReferenceEqualityComparer.Instance);
        var fallback = OracleFallback();
        var outcomes = new RequestOutcome[requests.Count];
        var epochs = new List<EpochSample>();
        PlanLayout? current = null;
        string? firstRejection = null;
        int accepted = 0, rejected = 0, arrived = 0, arrivedBeforeLast = 0;
        long epoch = -1;
        string? unstable = null;
        double serverFree = 0, lastServiceSeconds = 0, lastCloudSeconds = 0;
        for (var i = 0; i < requests.Count && unstable is null; i++)
        {
            var request = requests[i];
            var start = Math.Max(request.ArrivalSeconds, serverFree);
            while (epoch < timeline.EpochOf(start))
            {
                epoch++;
                var time = timeline.StartOf(epoch);
                while (arrived < requests.Count && requests[arrived].ArrivalSeconds <= time)
                    arrived++;
                var owed = Math.Max(0, serverFree - time);
                var cloudOwed = lastServiceSeconds > 0 ? lastCloudSeconds * owed / lastServiceSeconds : 0;
                var observation = tracker.Next(epoch, time, Math.Max(0, arrived - i), owed, cloudOwed,
                    timeline[Math.Max(0, epoch - 1)], arrived - arrivedBeforeLast);
                arrivedBeforeLast = arrived;
                var plan = policy.Decide(observation);
                if (!layouts.TryGetValue(plan, out var layout))
                    layouts[plan] = layout = PlanLayout.From(plan, _coster.Model.HeadGroups);
                var fit = _memory.Check(layout);
                if (fit.Fits)
                    (current, accepted) = (layout, accepted + 1);
                else
                {
                    rejected++;
                    firstRejection ??= ((Presets.InfeasiblePlan)fit).Reason;
                }

                epochs.Add(new EpochSample(time, observation.EdgeQueueLength, timeline[epoch].Up ? timeline[epoch].UplinkMbps : 0, !fit.Fits));
                if (observation.EdgeQueueLength > _options.MaxQueue)
                {
                    unstable = $"edge queue passed {_options.MaxQueue} waiting requests at t = {time:F0} s after {i} served: the load is beyond this policy";
                    break;
                }
            }

            if (unstable is not null)
            {
                Array.Resize(ref outcomes, i);
                break;
            }

            var served = executor.Serve(current ?? fallback, request, start);
            var edgeTimes = EdgeStates(served);
            var edgeJ = EnergyModel.Edge(_memory.Edge, edgeTimes).TotalJ;
            var cloudJ = EnergyModel.Cloud(_coster.Model.Cloud.Device, new StateTimes(TimeSpan.FromSeconds(served.Cost.CloudComputeSeconds), default, default, default)).TotalJ;
            outcomes[i] = new RequestOutcome(request.Id, request.ArrivalSeconds, start, served.FirstTokenSeconds - request.ArrivalSeconds,
                served.EndSeconds - request.ArrivalSeconds, edgeJ, cloudJ, served.Cost.BytesUp, served.Cost.BytesDown,
                _coster.Model.Codec.Codec, served.StalledSeconds);
            (serverFree, lastServiceSeconds, lastCloudSeconds) = (served.EndSeconds, served.EndSeconds - start, served.Cost.CloudComputeSeconds);
        }

        return new PolicyRun(policy.Name, outcomes, epochs, accepted, rejected, firstRejection, clock.Elapsed.TotalSeconds, unstable);
    }

    /// <summary>
    /// Edge power states over the service time: compute, radio transmit, radio receive as costed; the rest idle. When
    /// the edge computes while its radio works the overlap is charged twice (conservative); idle never goes negative.
    /// </summary>
    private static StateTimes EdgeStates(RequestExecutor.Served s)
    {
        var busy = s.Cost.EdgeComputeSeconds + s.Cost.TransmitSeconds + s.Cost.ReceiveSeconds;
        return new StateTimes(TimeSpan.FromSeconds(s.Cost.EdgeComputeSeconds), TimeSpan.FromSeconds(s.Cost.TransmitSeconds),
            TimeSpan.FromSeconds(s.Cost.ReceiveSeconds), TimeSpan.FromSeconds(Math.Max(0, s.Cost.Seconds - busy)));
    }

    private PlanLayout OracleFallback() => Policies.OracleSolver.AllCloud(_coster.Model);
}
