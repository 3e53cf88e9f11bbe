using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Migration;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Budgets;
using Splitwise.Testbed.Energy;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// The steppable world: <see cref="Reset(Scenario, int)"/> then <see cref="Step"/> once per decision epoch with the plan
/// for it. The edge serves its requests FIFO, one at a time (one copy of the model); the plan may change at any epoch
/// boundary, which is a token boundary: the request in service switches plan at its next token, its KV caches of the
/// head groups that change tier crossing the link first (<see cref="KvMove"/>, the fabric's rule; in an outage it keeps
/// its placement until the link is back). Its cloud work joins the shared GPU's batch (<see cref="Cloud.SharedCloud"/>):
/// a cloud compute second of the cost model takes the epoch's slowdown and is billed its share. Tokens are costed as
/// in `simulate` (<see cref="RequestExecutor.TokensStartingBefore"/>: a token is charged the epoch it starts in).
/// Deterministic: the world is fixed by (scenario, seed), the rest by the plans. Each plan is costed in its own boundary
/// codec (<see cref="PartitionPlan.Codec"/>: its bytes on the link, its accuracy loss from <see cref="CodecLoss"/>), so a
/// policy may change the codec every epoch; a plan in the scenario's codec costs exactly as before.
/// </summary>
public sealed class SplitEnvironment
{
    private readonly World _world;
    private readonly PlanCoster _coster;
    private readonly Dictionary<string, CodecCosting> _codecs = new(StringComparer.OrdinalIgnoreCase);
    private readonly EdgeMemoryModel _memory;
    private readonly LinkTimeline _timeline;
    private readonly ObservationTracker _tracker;
    private readonly Dictionary<PartitionPlan, PlanLayout?> _layouts = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<int> _queue = new();
    private readonly int _reference, _headDim;
    private readonly double _epochSeconds;
    private PartitionPlan _plan;
    private PlanLayout _layout;
    private CodecCosting _costing;
    private InService? _current;
    private double _t;
    private long _epoch;
    private int _next, _completed, _arrivedLast;

    /// <summary>One boundary codec's costing: its plan coster (bytes on the link), decode lines and accuracy loss per crossing token.</summary>
    private sealed record CodecCosting(PlanCoster Coster, DecodeLines Lines, double Loss);

    private sealed class InService(RequestSpec request, double start, PartitionPlan plan, PlanLayout layout, CodecCosting costing)
    {
        public RequestSpec Request { get; } = request;
        public double Start { get; } = start;
        public PartitionPlan Plan { get; set; } = plan;
        public PlanLayout Layout { get; set; } = layout;
        public CodecCosting Costing { get; set; } = costing;
        public bool Prefilled { get; set; }
        public double FirstToken { get; set; }
        public int Context { get; set; }
        public int Left { get; set; }
        public StageCost Cost { get; set; }
        public double Dollars { get; set; }
        public long Migrated { get; set; }
        public double Stalled { get; set; }
    }

    private SplitEnvironment(World world)
    {
        _world = world;
        (_coster, _memory, _timeline) = (world.Setup.Coster, world.Setup.Memory, world.Timeline);
        _epochSeconds = _timeline.EpochSeconds;
        _tracker = new ObservationTracker(world.Setup.Options, _memory.Edge.MemoryBytes);
        _reference = Math.Max(1, world.Requests.Max(r => r.PromptTokens + r.OutputTokens));
        _headDim = _coster.Model.Shape.HeadDim;
        _costing = _codecs[world.Scenario.Codec] = new CodecCosting(_coster, new DecodeLines(_coster, _timeline, _reference, 100_000), CodecLoss.BitsPerByte(world.Scenario.Codec));
        var context = world.Setup.Context;
        _layout = OracleSolver.AllCloud(_coster.Model);
        _plan = context.PlanOf(_layout);
        Observation = _tracker.Next(0, 0, 0, 0, 0, _timeline[0], 0);
    }

    public static SplitEnvironment Reset(Scenario scenario, int seed) => new(new World(scenario, seed));

    /// <summary>A fresh run on an already built world (the same requests, link and load: what comparing policies needs).</summary>
    public static SplitEnvironment Reset(World world) => new(world);

    public World World => _world;

    /// <summary>What a policy sees before the coming epoch: the past only.</summary>
    public Observation Observation { get; private set; }

    public long Epoch => _epoch;

    /// <summary>Every request has completed.</summary>
    public bool Done => _completed == _world.Requests.Count;

    public int QueueLength => _queue.Count;

    /// <summary>
    /// Runs one epoch under <paramref name="plan"/>. With <paramref name="moveInFlight"/> the request in service switches
    /// to it at its next token (moving KV caches); without, the plan waits for the next request (the baselines' papers
    /// decide per inference).
    /// </summary>
    public (Observation Observation, EpochOutcome Outcome) Step(PartitionPlan plan, bool moveInFlight = true)
    {
        var rejected = !Apply(plan);
        double start = _epoch * _epochSeconds, end = start + _epochSeconds;
        var completed = new List<CompletedRequest>();
        var spent = StageCost.Zero;
        double dollars = 0;
        long migrated = 0;
        int tokens = 0, crossingTokens = 0;
        // Loss per crossing token: one codec's (the usual case, computed as loss x tokens / all tokens) unless plans of
        // different codecs served this epoch (then the sum of each token's loss).
        double lossTokens = 0, loss = double.NaN;
        var link = _timeline[_epoch];
        while (true)
        {
            if (_current is null)
            {
                _t = Math.Max(_t, start);
                Admit(_t);
                if (_queue.Count == 0)
                {
                    if (_next < _world.Requests.Count && _world.Requests[_next].ArrivalSeconds < end)
                    {
                        _t = _world.Requests[_next].ArrivalSeconds;
                        continue;
                    }

                    break;
                }

                var r = _world.Requests[_queue.Dequeue()];
                _current = new InService(r, _t, _plan, _layout, _costing);
            }

            if (_t >= end)
                break;
            var c = _current;
            // In an outage the caches cannot move: the request keeps its placement until the link is back.
            if (!ReferenceEquals(c.Plan, _plan) && (moveInFlight || c.Context == 0) && (c.Context == 0 || (link.Up && link.UplinkMbps > 0 && link.DownlinkMbps > 0)))
            {
                var (up, down) = KvMove.Bytes(c.Plan, _plan, _headDim, c.Context);
                var move = FluidTransfer.Spill((up > 0 ? ExecutionModel.Cross(up, Tier.Edge, link) : StageCost.Zero) + (down > 0 ? ExecutionModel.Cross(down, Tier.Cloud, link) : StageCost.Zero), _t, _timeline);
                (c.Plan, c.Layout, c.Costing) = (_plan, _layout, _costing);
                (c.Cost, c.Migrated, spent, migrated, _t) = (c.Cost + move, c.Migrated + up + down, spent + move, migrated + up + down, _t + move.Seconds);
                continue;
            }

            var (route, at0, atRef) = c.Costing.Lines.Get(c.Layout, _epoch);
            StageCost cost;
            int k;
            double share;
            if (!c.Prefilled)
            {
                cost = c.Costing.Coster.Prefill(c.Layout, route, c.Request.PromptTokens, link);
                var slow = _world.Cloud.PrefillSlowdown(_epoch, c.Request.PromptTokens);
                cost = cost with { Seconds = cost.Seconds + cost.CloudComputeSeconds * (slow - 1) };
                (k, share) = (1, 1.0);
            }
            else
            {
                var slow = _world.Cloud.DecodeSlowdown(_epoch, c.Context);
                (at0, atRef) = (Slowed(at0, slow), Slowed(atRef, slow));
                k = at0.Stalled || atRef.Stalled ? 0 : RequestExecutor.TokensStartingBefore(at0.Seconds, (atRef.Seconds - at0.Seconds) / _reference, c.Context, end - _t, c.Left);
                cost = k == 0 ? at0 : StageCost.Lerp(at0, atRef, (c.Context + (k - 1) / 2.0) / _reference).Scaled(k);
                share = _world.Cloud.DecodeShare(_epoch, c.Context);
            }

            if (k == 1)
                cost = FluidTransfer.Spill(cost, _t, _timeline);
            if (cost.Stalled)
            {
                c.Stalled += end - _t;
                _t = end;
                break;
            }

            var paid = _world.Cloud.Dollars(cost.CloudComputeSeconds * share);
            (c.Cost, c.Dollars, spent, dollars, _t, tokens) = (c.Cost + cost, c.Dollars + paid, spent + cost, dollars + paid, _t + cost.Seconds, tokens + k);
            if (cost.BytesUp > 0)
            {
                crossingTokens += k;
                lossTokens += c.Costing.Loss * k;
                loss = double.IsNaN(loss) || loss == c.Costing.Loss ? c.Costing.Loss : double.PositiveInfinity;
            }
            if (!c.Prefilled)
                (c.Prefilled, c.FirstToken, c.Context, c.Left) = (true, _t, c.Request.PromptTokens, c.Request.OutputTokens - 1);
            else
                (c.Context, c.Left) = (c.Context + k, c.Left - k);
            if (c.Left <= 0)
            {
                completed.Add(Complete(c));
                _current = null;
            }
        }

        var busy = spent.EdgeComputeSeconds + spent.TransmitSeconds + spent.ReceiveSeconds;
        var energy = EnergyModel.Edge(_memory.Edge, new StateTimes(TimeSpan.FromSeconds(spent.EdgeComputeSeconds), TimeSpan.FromSeconds(spent.TransmitSeconds),
            TimeSpan.FromSeconds(spent.ReceiveSeconds), TimeSpan.FromSeconds(Math.Max(0, _epochSeconds - busy)))).TotalJ;
        loss = tokens == 0 || crossingTokens == 0 ? 0 : double.IsPositiveInfinity(loss) ? lossTokens / tokens : loss * crossingTokens / tokens;
        var outcome = new EpochOutcome(_epoch, start, completed, tokens, energy, dollars, spent.BytesUp, spent.BytesDown, migrated, loss,
            _world.Scenario.Budgets.Usage(energy, dollars, loss, _epochSeconds), rejected, _queue.Count);
        Admit(end);
        var arrived = _next - _arrivedLast;
        _arrivedLast = _next;
        var owed = Math.Max(0, _t - end);
        _epoch++;
        Observation = _tracker.Next(_epoch, end, _queue.Count, owed, 0, link, arrived) with { CloudLoadLast = _world.Cloud.ObservedLoad(_epoch) };
        return (Observation, outcome);
    }

    private static StageCost Slowed(StageCost c, double slowdown) => c with { Seconds = c.Seconds + c.CloudComputeSeconds * (slowdown - 1) };

    private bool Apply(PartitionPlan plan)
    {
        if (!_layouts.TryGetValue(plan, out var layout))
        {
            var candidate = PlanLayout.From(plan, _coster.Model.HeadGroups);
            _layouts[plan] = layout = _memory.Check(candidate).Fits ? candidate : null;
        }

        if (layout is null)
            return false;
        (_plan, _layout, _costing) = (plan, layout, Costing(plan.Codec));
        return true;
    }

    /// <summary>The costing of a codec, built on first use with the scenario's model, devices and representative request.</summary>
    /// <exception cref="ArgumentException">a codec without a measured loss.</exception>
    private CodecCosting Costing(string codec)
    {
        if (_codecs.TryGetValue(codec, out var known))
            return known;
        var m = _coster.Model;
        var coster = new PlanCoster(new ExecutionModel(m.Shape, m.Spec, m.Edge, m.Cloud, codec), _coster.Mode, _coster.Representative);
        return _codecs[codec] = new CodecCosting(coster, new DecodeLines(coster, _timeline, _reference, 100_000), CodecLoss.BitsPerByte(codec));
    }

    private void Admit(double until)
    {
        while (_next < _world.Requests.Count && _world.Requests[_next].ArrivalSeconds <= until)
            _queue.Enqueue(_next++);
    }

    private CompletedRequest Complete(InService c)
    {
        _completed++;
        var cost = c.Cost;
        var busy = cost.EdgeComputeSeconds + cost.TransmitSeconds + cost.ReceiveSeconds;
        var service = _t - c.Start;
        var edgeJ = EnergyModel.Edge(_memory.Edge, new StateTimes(TimeSpan.FromSeconds(cost.EdgeComputeSeconds), TimeSpan.FromSeconds(cost.TransmitSeconds),
            TimeSpan.FromSeconds(cost.ReceiveSeconds), TimeSpan.FromSeconds(Math.Max(0, service - busy)))).TotalJ;
        var r = c.Request;
        return new CompletedRequest(r.Id, r.ArrivalSeconds, c.Start, c.FirstToken - r.ArrivalSeconds, _t - r.ArrivalSeconds, edgeJ, c.Dollars,
            cost.BytesUp, cost.BytesDown, c.Migrated, c.Stalled);
    }

    /// <summary>A request is in service (the edge session is busy).</summary>
    public bool Busy => _current is not null;
}
