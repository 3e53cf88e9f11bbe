using Orleans.Concurrency;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Stages;

/// <summary>
/// A layer's stage on the far tier (<see cref="LayerStage"/>): one activation in, one summed partial out, so the
/// link is crossed at most once per direction per stage. Stateless and reentrant: it may serve several sessions at once.
/// </summary>
[Placement.TierPlacement, Reentrant]
public sealed class LayerStageGrain(Models.ModelCatalog catalog) : Grain, ILayerStageGrain
{
    private LayerStage? _stage;

    private LayerStage Stage => _stage ?? throw new InvalidOperationException("the stage is not activated");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var model = FabricKeys.ModelOf(key);
        var layer = int.Parse(key[(key.LastIndexOf('/') + 2)..key.LastIndexOf('@')], System.Globalization.CultureInfo.InvariantCulture);
        _stage = new LayerStage(new StageFanOut(GrainFactory, model, layer), catalog.Get(model));
        return Task.CompletedTask;
    }

    public Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups) =>
        Stage.Attention(session, position, codec, normed, groups);

    public Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly) =>
        Stage.FfnFront(codec, hiddenCodec, normed, whole, localSplit, upOnly);

    public Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly) => Stage.FfnBack(codec, hidden, downOnly);
}
