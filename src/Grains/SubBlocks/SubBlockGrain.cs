using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Links;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Storage;
using Splitwise.Inference.Codecs;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;
using static TorchSharp.torch;

namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// One sub-block as a grain: its weight slice is read once on activation; a head group keeps a KV cache
/// per session, and those caches travel with it when it migrates (weights never do: both tiers have the file).
/// Each output carries the tier it ran on. Activated off its plan's tier (that tier was down), it notices on a call
/// made under a plan version that the plan puts it elsewhere, and migrates there once that tier has a silo.
/// Its grain state is the partition checkpoint: every `Fabric:Checkpoint:EveryTokens` positions of a session, the
/// session's KV cache is written with the plan version and position (<see cref="SubBlockCheckpoint"/>); a
/// re-activation restores the caches from there, and a session asking for a later position is told how many it
/// holds (<see cref="SessionStateLostException.Held"/>) so that it replays only the tokens after the checkpoint.
/// </summary>
[TierPlacement]
public sealed class SubBlockGrain(
    ModelCatalog catalog, SiloTier silo, TierSilos silos, PlanDirectory plans, ILocalSiloDetails local, DeviceEmulator device, ILogger<SubBlockGrain> log,
    IOptions<FabricOptions> options, CheckpointMeter meter, MigrationLink migration,
    [PersistentState("kv", CheckpointStorage.Name)] IPersistentState<SubBlockCheckpoint> checkpoint)
    : Grain, ISubBlockGrain, IGrainMigrationParticipant
{
    private const string CachesKey = "kv";
    private const string FromKey = "from";
    private readonly Dictionary<Guid, KvCache> _caches = [];
    private readonly Dictionary<Guid, SessionKv> _restored = [];
    private SubBlockId _id;
    private bool _moving;
    private AttentionHeadGroup? _attention;
    private FfnUpPart? _up;
    private FfnDownPart? _down;
    private (Tier From, long Bytes)? _arrived;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Caches that came with a migration crossed the link before this activation may serve.
        if (_arrived is { } arrived)
            await migration.Carry(arrived.From, silo.Tier, arrived.Bytes);
        var (modelName, id) = FabricKeys.ParseSubBlock(this.GetPrimaryKeyString());
        var model = catalog.Get(modelName);
        _id = id;
        switch (id.Kind)
        {
            case SubBlockKind.AttentionHeads:
                _attention = model.HeadGroup(id);
                foreach (var (session, kv) in checkpoint.State.Sessions)
                {
                    // A cache that came with a migration is newer than the checkpoint.
                    if (!_caches.ContainsKey(session))
                    {
                        _caches[session] = KvCacheSnapshot.FromBytes(kv.Kv);
                        _restored[session] = kv;
                    }
                }

                break;
            case SubBlockKind.Ffn:
                _up = model.FfnUp(id);
                _down = model.FfnDown(id);
                break;
            case SubBlockKind.FfnUp:
                _up = model.FfnUp(id);
                break;
            default:
                _down = model.FfnDown(id);
                break;
        }
    }

    public async Task<SubBlockOutput> Attend(Guid session, int position, byte[] normed)
    {
        var attention = _attention ?? throw WrongKind("attention");
        await DropIfIncompatible(session);
        if (!_caches.TryGetValue(session, out var cache))
        {
            if (position != 0)
                throw new SessionStateLostException($"{_id} holds no KV cache for session {session} at position {position}");
            cache = _caches[session] = attention.NewCache(catalog.Get(ModelName).Shape.MaxSeqLen);
        }

        // A step run again (its response was lost, or the session replays its tokens) rewrites its positions.
        if (cache.Length > position)
            cache.Truncate(position);
        if (cache.Length != position)
            throw new SessionStateLostException($"{_id} holds {cache.Length} positions of session {session} (its checkpoint), the step is at {position}", cache.Length);
        var shape = Shape;
        var output = await Run(normed, x => attention.Forward(x, cache), input => SubBlockWorkModel.AttentionGroup(
            shape.DModel, attention.QueryHeads, attention.KvHeads, attention.HeadDim, Biased(shape), position, (int)input[0]));
        await Checkpoint(session, cache, position);
        return output;
    }

    // A cache restored from a checkpoint is used only under a plan it is valid for (SessionKv.RestorableUnder); else it
    // is dropped, and the session, told that nothing is held, replays its tokens from the start.
    private async Task DropIfIncompatible(Guid session)
    {
        if (!_restored.TryGetValue(session, out var written))
            return;
        var plan = await plans.Current(ModelName, RequestContext.Get(PlanDirectory.VersionKey) as long? ?? 0);
        _restored.Remove(session);
        if (written.RestorableUnder(plan.Version, plan.Codec))
            return;
        log.LogInformation("{SubBlock}: the checkpoint of session {Session} (plan v{Written}, codec {Codec}) does not hold under plan v{Version} ({Now}): replayed instead",
            _id, session, written.PlanVersion, written.Codec, plan.Version, plan.Codec);
        if (_caches.Remove(session, out var cache))
            cache.Dispose();
        checkpoint.State.Sessions.Remove(session);
    }

    // Every N positions: this session's cache, its plan version, codec and position, through grain storage.
    private async Task Checkpoint(Guid session, KvCache cache, int before)
    {
        var every = options.Value.CheckpointEveryTokens;
        if (every == 0 || cache.Length / every == before / every || _moving)
            return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var since = checkpoint.State.Sessions.TryGetValue(session, out var last) && last.Position <= cache.Length ? last.Position : 0;
        var version = RequestContext.Get(PlanDirectory.VersionKey) as long? ?? 0;
        string codec;
        try
        {
            codec = (await plans.Current(ModelName, version)).Codec;
        }
        catch (Exception e) when (Sessions.StageCall.IsOutage(e))
        {
            codec = ""; // unknown: restorable only under the same plan version
        }

        checkpoint.State.Sessions[session] = new SessionKv
        {
            PlanVersion = version,
            Codec = codec,
            Position = cache.Length,
            Kv = KvCacheSnapshot.ToBytes(cache),
        };
        await checkpoint.WriteStateAsync();
        meter.Written(clock.Elapsed.TotalMilliseconds, cache.Length - since);
    }

    public Task<SubBlockOutput> Ffn(byte[] normed)
    {
        if (_id.Kind != SubBlockKind.Ffn)
            throw WrongKind("whole FFN slice");
        var shape = Shape;
        return Run(normed, x => _down!.Forward(_up!.Forward(x)),
            input => SubBlockWorkModel.FfnSlice(shape.DModel, _up!.Width, shape.Ffn == FfnKind.SwiGlu, Biased(shape), (int)input[0]));
    }

    public Task<SubBlockOutput> FfnUp(byte[] normed)
    {
        var up = (_id.Kind == SubBlockKind.FfnUp ? _up : null) ?? throw WrongKind("FFN W1");
        var shape = Shape;
        return Run(normed, up.Forward, input => SubBlockWorkModel.FfnUp(shape.DModel, up.Width, shape.Ffn == FfnKind.SwiGlu, Biased(shape), (int)input[0]));
    }

    public Task<SubBlockOutput> FfnDown(byte[] hidden)
    {
        var down = (_id.Kind == SubBlockKind.FfnDown ? _down : null) ?? throw WrongKind("FFN W2");
        var shape = Shape;
        return Run(hidden, down.Forward, input => SubBlockWorkModel.FfnDown(shape.DModel, (int)input[1], (int)input[0]));
    }

    public async Task EndSession(Guid session)
    {
        if (_caches.Remove(session, out var cache))
            cache.Dispose();
        if (checkpoint.State.Sessions.Remove(session))
            await checkpoint.WriteStateAsync();
    }

    public Task<SubBlockLocation> Locate() => Task.FromResult(new SubBlockLocation(local.SiloAddress.ToString(), silo.Tier, _caches.Count));

    public async Task<bool> MoveTo(Tier tier)
    {
        // Never "migrate" to this silo: that would only deactivate the grain and drop its KV caches.
        if (tier == silo.Tier)
            return false;
        var target = TierSilos.Pick(await silos.Of(tier), this.GetGrainId());
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        try
        {
            this.MigrateOnIdle();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        log.LogDebug("{SubBlock} moves {From} -> {To} ({Target}) with {Sessions} KV caches", _id, silo.Tier, tier, target, _caches.Count);
        return true;
    }

    public void OnDehydrate(IDehydrationContext context)
    {
        context.TryAddValue(CachesKey, _caches.ToDictionary(kv => kv.Key, kv => KvCacheSnapshot.ToBytes(kv.Value)));
        context.TryAddValue(FromKey, (int)silo.Tier);
    }

    public void OnRehydrate(IRehydrationContext context)
    {
        if (!context.TryGetValue(CachesKey, out Dictionary<Guid, byte[]>? caches) || caches is null)
            return;
        foreach (var (session, bytes) in caches)
            _caches[session] = KvCacheSnapshot.FromBytes(bytes);
        if (context.TryGetValue(FromKey, out int from))
            _arrived = ((Tier)from, caches.Values.Sum(b => (long)b.Length));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Weights only: the KV caches may still be dehydrated for a migration; their finalizers free them.
        _attention?.Dispose();
        _up?.Dispose();
        _down?.Dispose();
        return Task.CompletedTask;
    }

    private string ModelName => FabricKeys.ParseSubBlock(this.GetPrimaryKeyString()).Model;

    private TransformerShape Shape => catalog.Get(ModelName).Shape;

    private static bool Biased(TransformerShape shape) => shape.Norm == NormKind.LayerNorm;

    /// <summary>The call's compute on this silo's device (<see cref="SubBlockCompute"/>), then home if placed away.</summary>
    private async Task<SubBlockOutput> Run(byte[] input, Func<Tensor, Tensor> forward, Func<long[], SubBlockWork> work)
    {
        var output = await SubBlockCompute.Run(device, silo.Tier, input, forward, work);
        await GoHomeIfAway();
        return new SubBlockOutput(output, silo.Tier);
    }

    // Only under a plan version (a session's step): the cached plan is then at hand, and direct calls stay put.
    private async Task GoHomeIfAway()
    {
        if (_moving || RequestContext.Get(PlanDirectory.VersionKey) is not long version || version <= 0)
            return;
        var home = (await plans.Current(ModelName, version)).TierOf(_id);
        if (home == silo.Tier || silos.Now(home).Length == 0)
            return;
        log.LogInformation("{SubBlock} ran on {Here}, its plan's tier is {Home}: moving there", _id, silo.Tier, home);
        _moving = await MoveTo(home);
    }

    private InvalidOperationException WrongKind(string what) => new($"{_id} is not a {what} sub-block");
}
