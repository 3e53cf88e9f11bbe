namespace Splitwise.Contracts.Grains;

/// <summary>
/// Runs consecutive layer stages that are wholly on its tier, residual stream included (key:
/// <see cref="FabricKeys.StageRun"/>): the session sends the residual across once, this tier does the norms,
/// sub-block fan-outs and sums of every stage in the run, and one residual comes back. Stages are numbered
/// two per layer (2l = attention of layer l, 2l + 1 = its FFN). The plan is the caller's (its version travels
/// in the request context).
/// </summary>
public interface IStageRunGrain : IGrainWithStringKey
{
    /// <param name="residual">the residual stream [T, d] before <paramref name="firstStage"/>, encoded with <paramref name="codec"/>.</param>
    /// <returns>the residual after <paramref name="lastStage"/>, in the same codec.</returns>
    Task<StageOutput> Run(Guid session, int position, string codec, [Immutable] byte[] residual, int firstStage, int lastStage);

    /// <summary>
    /// <see cref="Run"/> for several sessions stepped together (continuous batching): one link crossing each way for all
    /// of them, their rows stacked through the run's norms and sums and one batched step per sub-block. Each residual is
    /// encoded on its own; outputs in order.
    /// </summary>
    Task<StageOutput[]> RunBatch([Immutable] StageMember[] members, string codec, [Immutable] byte[][] residuals, int firstStage, int lastStage);
}
