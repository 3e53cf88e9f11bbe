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
    public async IAsyncEnumerable<TokenStep> Generate(string model, GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var session = grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(model, Guid.NewGuid()));
        var started = false;
        try
        {
            var step = await session.Start(request);
            started = true;
            while (step is not null)
            {
                yield return step;
                cancellationToken.ThrowIfCancellationRequested();
                step = step.Last ? null : await session.Next();
            }
        }
        finally
        {
            if (started)
                await session.End();
        }
    }

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

    private IPlanGrain Plan(string model) => grains.GetGrain<IPlanGrain>(FabricKeys.Plan(model));
}
