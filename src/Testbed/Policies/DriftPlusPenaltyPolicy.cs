using Splitwise.Contracts.Plans;
using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Energy;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The myopic drift-plus-penalty controller (no learning): each epoch it costs every candidate plan with the cost
/// model on the past-only link estimate (<see cref="PolicyContext.Estimated"/>) and picks the one minimising
/// V x (the representative request's service seconds) + sum_i Z_i x (its predicted share of budget i: what it would
/// use in the long run serving the arrivals) + Q x (its service time in epochs: each of the Q requests waiting on the
/// edge waits that much longer), Z_i the budgets' virtual queues (fed the epoch outcomes,
/// <see cref="IOutcomeObserver"/>) and Q the real edge queue. Candidates: every layer cut that fits the edge memory, and
/// with <see cref="LyapunovSettings.Mixes"/> every uniform mix of k head groups and j FFN slices on the edge in every
/// layer (off by default: such a plan crosses the link twice per layer and per token). The boundary codec is the
/// scenario's (the cost model is built for one). With <c>queueTerm</c> false it is the ablation: V x penalty only.
/// </summary>
public sealed class DriftPlusPenaltyPolicy : IPolicy, IOutcomeObserver
{
    private readonly PolicyContext _context;
    private readonly LyapunovSettings _settings;
    private readonly (PlanLayout Layout, PartitionPlan Plan)[] _candidates;
    private readonly Dictionary<LinkState, Costed[]> _costed = [];
    private readonly double[] _backlogs = new double[4];
    private double _rateSum;
    private long _decisions;

    private readonly record struct Costed(double Seconds, StageCost PerRequest);

    public DriftPlusPenaltyPolicy(PolicyContext context, LyapunovSettings settings)
    {
        (_context, _settings) = (context, settings);
        var m = context.Model;
        var layouts = Enumerable.Range(0, m.Shape.NLayer + 1).Select(context.Cut).ToList();
        if (settings.Mixes)
        {
            for (var a = 0; a <= m.HeadGroups; a++)
            for (var f = 0; f <= m.FfnSlices; f++)
                layouts.Add(new PlanLayout(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
                {
                    StageLayout.Whole(StageKind.Attention, a, m.HeadGroups - a), StageLayout.Whole(StageKind.Ffn, f, m.FfnSlices - f),
                })));
        }
        _candidates = layouts.Distinct().Where(l => context.Memory.Check(l).Fits).Select(l => (l, context.PlanOf(l))).ToArray();
        if (_candidates.Length == 0)
            throw new InvalidOperationException("no candidate plan fits the edge memory");
    }

    public string Name => _settings.QueueTerm ? "drift-plus-penalty" : "penalty-only";

    public BudgetQueues Queues { get; } = new();

    public void Observe(BudgetSample sample) => Queues.Update(sample);

    public PartitionPlan Decide(Observation observation)
    {
        for (var i = 0; i < Queues.All.Count; i++)
            _backlogs[i] = Queues.All[i].Backlog;
        return _candidates[Choose(observation)].Plan;
    }

    /// <summary>
    /// The layout it would choose were its virtual queues <paramref name="budgetQueues"/> (edge energy, cloud spend, accuracy
    /// loss, in budget shares) rather than its own: how a learner that keeps its own queues asks it as a teacher.
    /// </summary>
    public PlanLayout Choose(Observation observation, IReadOnlyList<double> budgetQueues)
    {
        for (var i = 0; i < Queues.All.Count; i++)
            _backlogs[i] = budgetQueues[i];
        return _candidates[Choose(observation)].Layout;
    }

    /// <summary>The candidate minimising the drift-plus-penalty, the budgets' backlogs already in place.</summary>
    private int Choose(Observation o)
    {
        var link = PolicyContext.Estimated(o);
        var costed = Costs(link);
        _backlogs[3] = o.EdgeQueueLength;
        var epoch = _settings.EpochSeconds;
        var idle = _context.Memory.Edge.IdlePower.Value;
        // The long-run arrival rate: the mean of every epoch's past-only estimate so far (one epoch's is too noisy).
        (_rateSum, _decisions) = (_rateSum + Math.Max(0, o.ArrivalRatePerSecond), _decisions + 1);
        var lambda = _rateSum / _decisions;
        var b = _settings.Budgets;
        var candidates = new Candidate[costed.Length];
        for (var c = 0; c < costed.Length; c++)
        {
            var (seconds, r) = costed[c];
            var finite = double.IsFinite(seconds) && seconds > 0;
            // The plan governs the next request: its usage is what it would cost in the long run if it served every
            // arrival (lambda requests per second, the past-only estimate), not what it would draw while busy this
            // epoch (a slow plan draws little per second but for longer). Edge power = idle + lambda x the request's
            // energy above idle; cloud spend = lambda x its GPU seconds x the price; codec loss if it crosses.
            var busy = r.EdgeComputeSeconds + r.TransmitSeconds + r.ReceiveSeconds;
            var joules = EnergyModel.Edge(_context.Memory.Edge, new StateTimes(TimeSpan.FromSeconds(r.EdgeComputeSeconds),
                TimeSpan.FromSeconds(r.TransmitSeconds), TimeSpan.FromSeconds(r.ReceiveSeconds), TimeSpan.Zero)).TotalJ;
            var watts = idle + lambda * (joules - idle * busy);
            var dollarsPerHour = lambda * r.CloudComputeSeconds * _settings.PricePerGpuHour;
            var loss = r.BytesUp > 0 ? _settings.CodecLossBitsPerByte : 0;
            // The real edge queue: every request waiting behind this one waits its service time longer (in epochs).
            var work = finite ? seconds / epoch : 1e9;
            candidates[c] = new Candidate(finite ? seconds : 1e9,
                [watts / b.EdgePowerW, dollarsPerHour / b.CloudDollarsPerHour, loss / b.CodecLossBitsPerByte, work]);
        }

        return DriftPlusPenalty.Choose(_settings.V, _backlogs, candidates, _settings.QueueTerm);
    }

    private Costed[] Costs(LinkState link)
    {
        if (_costed.TryGetValue(link, out var known))
            return known;
        if (_costed.Count > 10_000)
            _costed.Clear();
        var coster = _context.Coster;
        var rep = coster.Representative;
        known = _candidates.Select(c =>
        {
            var (route, seconds) = coster.Choose(c.Layout, link);
            var request = coster.Prefill(c.Layout, route, rep.PromptTokens, link) + coster.Decode(c.Layout, route, rep.MeanDecodeContext, link).Scaled(rep.DecodeSteps);
            return new Costed(seconds, request);
        }).ToArray();
        _costed[link] = known;
        return known;
    }
}
