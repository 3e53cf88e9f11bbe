using System.Runtime.CompilerServices;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Client;

/// <summary>
/// The typed way into the fabric for an application: stream a generation token by token (each with its
/// trace) and read or set a model's plan. Works over any Orleans grain factory: a cluster client, or a
/// silo's own in a co-hosted process.
/// </summary>
public sealed class FabricClient(IGrainFactory grains)
{
    /// <summary>Streams the generated tokens; the session's KV caches are released when the stream ends or is abandoned.</summary>
    /// <exception cref="Contracts.Errors.UnknownModelException"/>
    /// <exception cref="Contracts.Errors.InvalidRequestException"/>
    /// <exception cref="Contracts.Errors.LinkDownException">a crossing failed during an outage of the emulated link.</exception>
    public IAsyncEnumerable<TokenStep> Generate(string model, GenerationRequest request, CancellationToken cancellationToken = default) =>
        Generate(model, request, Guid.NewGuid(), cancellationToken);

    /// <summary>
    /// Streams the generated tokens of a session whose id the caller chose, so that it can <see cref="Resume"/> the
    /// stream if it breaks. The session is released when the stream completes or the caller abandons it; when the
    /// fabric fails mid-stream (an exception from the enumerator) it is kept, stored, for a resume.
    /// </summary>
    public async IAsyncEnumerable<TokenStep> Generate(string model, GenerationRequest request, Guid session, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var grain = Session(model, session);
        var run = new Run(grain);
        try
        {
            var step = await run.Call(() => grain.Start(request));
            run.Started = true;
            while (step is not null)
            {
                yield return step;
                cancellationToken.ThrowIfCancellationRequested();
                step = step.Last ? null : await run.Call(grain.Next);
            }
        }
        finally
        {
            await run.End();
        }
    }

    /// <summary>
    /// Picks up a stored session's stream (e.g. after the edge host restarted): the tokens after index
    /// <paramref name="after"/> (the last one received; -1 for all), first those already generated, then the rest.
    /// </summary>
    /// <exception cref="Contracts.Errors.SessionNotFoundException">no such session is stored (never started, ended, or lost).</exception>
    /// <exception cref="Contracts.Errors.InvalidRequestException"><paramref name="after"/> is below -1 or past the tokens generated.</exception>
    public async IAsyncEnumerable<TokenStep> Resume(string model, Guid session, int after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var grain = Session(model, session);
        var run = new Run(grain);
        try
        {
            var stored = await run.Call(() => grain.Resume(after));
            run.Started = true;
            TokenStep? last = null;
            foreach (var step in stored)
            {
                yield return last = step;
                cancellationToken.ThrowIfCancellationRequested();
            }

            var next = last?.Last == true ? null : await run.Call(grain.Next);
            while (next is not null)
            {
                yield return next;
                cancellationToken.ThrowIfCancellationRequested();
                next = next.Last ? null : await run.Call(grain.Next);
            }
        }
        finally
        {
            await run.End();
        }
    }

    /// <summary>Releases a session kept after a failure, when the caller will not resume it.</summary>
    public Task End(string model, Guid session) => Session(model, session).End();

    public Task<PartitionPlan> GetPlan(string model) => Plan(model).GetPlan();

    /// <exception cref="Contracts.Errors.InvalidPlanException"/>
    public Task<PlanChange> SetPlan(string model, PartitionPlan plan) => Plan(model).SetPlan(plan);

    /// <summary>Builds a plan by a rule over the model's shape, e.g. "first k layers on the edge", and applies it.</summary>
    public async Task<PlanChange> SetPlan(string model, Func<ModelDimensions, DecompositionSpec, PartitionPlan> rule)
    {
        var (dims, spec) = await Plan(model).Shape();
        return await SetPlan(model, rule(dims, spec));
    }

    /// <summary>The cross-tier crossings received by the silos of one tier (delays are the emulated link's, 0 without one).</summary>
    public Task<LinkTotals> LinkTotals(Tier tier) => grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(tier)).Totals();

    private IGenerationSessionGrain Session(string model, Guid id) => grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(model, id));

    // One stream of a session: ended when it completes or its consumer stops, kept when the fabric failed.
    private sealed class Run(IGenerationSessionGrain grain)
    {
        private bool _faulted;

        public bool Started { get; set; }

        public async Task<T> Call<T>(Func<Task<T>> call)
        {
            try
            {
                return await call();
            }
            catch
            {
                _faulted = true;
                throw;
            }
        }

        public async Task End()
        {
            if (Started && !_faulted)
                await grain.End();
        }
    }

    private IPlanGrain Plan(string model) => grains.GetGrain<IPlanGrain>(FabricKeys.Plan(model));
}
