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
/// V x (the representative request's service seconds) + sum_i Z_i x (its predicted share of budget i this epoch)
/// - Q x (requests it would serve this epoch), Z_i the budgets' virtual queues (fed the epoch outcomes,
/// <see cref="IOutcomeObserver"/>) and Q the real edge queue. Candidates: every layer cut, and every uniform mix of
/// k head groups and j FFN slices on the edge in every layer, that fits the edge memory. The boundary codec is the
/// scenario's (the cost model is built for one). With <c>queueTerm</c> false it is the ablation: V x penalty only.
/// </summary>
public sealed class DriftPlusPenaltyPolicy : IPolicy, IOutcomeObserver
{
    private readonly PolicyContext _context;
    private readonly LyapunovSettings _settings;
    private readonly (PlanLayout Layout, PartitionPlan Plan)[] _candidates;
    private readonly Dictionary<LinkState, Costed[]> _costed = [];
    private readonly double[] _backlogs = new double[4];

    private readonly record struct Costed(double Seconds, StageCost PerRequest);

    public DriftPlusPenaltyPolicy(PolicyContext context, LyapunovSettings settings)
    {
        (_context, _settings) = (context, settings);
        var m = context.Model;
        var layouts = Enumerable.Range(0, m.Shape.NLayer + 1).Select(context.Cut).ToList();
        for (var a = 0; a <= m.HeadGroups; a++)
        for (var f = 0; f <= m.FfnSlices; f++)
            layouts.Add(new PlanLayout(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
            {
                StageLayout.Whole(StageKind.Attention, a, m.HeadGroups - a), StageLayout.Whole(StageKind.Ffn, f, m.FfnSlices - f),
            })));
        _candidates = layouts.Distinct().Where(l => context.Memory.Check(l).Fits).Select(l => (l, context.PlanOf(l))).ToArray();
        if (_candidates.Length == 0)
            throw new InvalidOperationException("no candidate plan fits the edge memory");
    }

    public string Name => _settings.QueueTerm ? "drift-plus-penalty" : "penalty-only";

    public BudgetQueues Queues { get; } = new();

    public void Observe(BudgetSample sample) => Queues.Update(sample);

    public PartitionPlan Decide(Observation observation) => _candidates[Choose(observation)].Plan;

    private int Choose(Observation o)
    {
        var link = PolicyContext.Estimated(o);
        var costed = Costs(link);
        for (var i = 0; i < Queues.All.Count; i++)
            _backlogs[i] = Queues.All[i].Backlog;
        _backlogs[3] = o.EdgeQueueLength + (o.EdgeBacklogSeconds > 0 ? 1 : 0);
        var epoch = _settings.EpochSeconds;
        var candidates = new Candidate[costed.Length];
        for (var c = 0; c < costed.Length; c++)
        {
            var (seconds, r) = costed[c];
            // Requests' worth of work this epoch: all it can serve while a queue waits, else what arrives.
            var busy = _backlogs[3] > 0 ? 1 : Math.Min(1, o.ArrivalRatePerSecond * seconds);
            var n = double.IsFinite(seconds) && seconds > 0 ? busy * epoch / seconds : 0;
            var active = n * (r.EdgeComputeSeconds + r.TransmitSeconds + r.ReceiveSeconds);
            var joules = EnergyModel.Edge(_context.Memory.Edge, new StateTimes(TimeSpan.FromSeconds(n * r.EdgeComputeSeconds),
                TimeSpan.FromSeconds(n * r.TransmitSeconds), TimeSpan.FromSeconds(n * r.ReceiveSeconds), TimeSpan.FromSeconds(Math.Max(0, epoch - active)))).TotalJ;
            var dollarsPerHour = n * r.CloudComputeSeconds * _settings.PricePerGpuHour / epoch;
            var loss = r.BytesUp > 0 ? _settings.CodecLossBitsPerByte : 0;
            var b = _settings.Budgets;
            candidates[c] = new Candidate(double.IsFinite(seconds) ? seconds : 1e9,
                [joules / epoch / b.EdgePowerW, dollarsPerHour / b.CloudDollarsPerHour, loss / b.CodecLossBitsPerByte, -n]);
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
