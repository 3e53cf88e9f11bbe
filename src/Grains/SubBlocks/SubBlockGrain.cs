using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
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
/// Continuous batching (issue 15): the grain is reentrant, and its calls go through one <see cref="StepBatcher{TStep, TResult}"/>:
/// a call arriving while no batch runs runs at once; the calls that arrived meanwhile form the next batch, one
/// computation over their stacked rows (projections and FFN as one matmul, attention per session over its own cache,
/// or padded over a slab: <see cref="BatchingOptions.SlabSlots"/>), charged to the emulated device once.
/// Caps: <see cref="BatchingOptions"/>; past the waiting cap a caller gets <see cref="SubBlockBusyException"/>.
/// </summary>
[TierPlacement, Reentrant]
public sealed class SubBlockGrain(
    ModelCatalog catalog, SiloTier silo, TierSilos silos, PlanDirectory plans, ILocalSiloDetails local, DeviceEmulator device, ILogger<SubBlockGrain> log,
    IOptions<FabricOptions> options, CheckpointMeter meter, BatchMeter batches, MigrationLink migration,
    [PersistentState("kv", CheckpointStorage.Name)] IPersistentState<SubBlockCheckpoint> checkpoint)
    : Grain, ISubBlockGrain, IGrainMigrationParticipant
{
    private const string CachesKey = "kv";
    private const string FromKey = "from";
    private readonly Dictionary<Guid, KvCache> _caches = [];
    // Caches restored from a checkpoint, until the session's first step shows whether they hold under its plan.
    private readonly Dictionary<Guid, SessionKv> _restored = [];
    // Sessions whose step is in the batch being computed, and caches ended meanwhile (freed once it is done).
    private readonly HashSet<Guid> _inBatch = [];
    private readonly List<KvCache> _endedInBatch = [];
    private readonly SessionCheckpoints _checkpoints = new(checkpoint, meter, plans);
    private StepBatcher<SubBlockStep, SubBlockStepResult>? _batcher;
    private SubBlockId _id;
    private bool _moving;
    private AttentionHeadGroup? _attention;
    private FfnUpPart? _up;
    private FfnDownPart? _down;
    private (Tier From, long Bytes)? _arrived;
    private Task _arrival = Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Caches that came with a migration cross the link before this activation serves a step: its steps wait for
        // the transfer, the activation itself does not (a migration of many activations would outlast its timeout).
        if (_arrived is { } arrived)
            _arrival = migration.Carry(arrived.From, silo.Tier, arrived.Bytes);
        var (modelName, id) = FabricKeys.ParseSubBlock(this.GetPrimaryKeyString());
        var model = catalog.Get(modelName);
        var batching = options.Value.Batching;
        _id = id;
        _batcher = new StepBatcher<SubBlockStep, SubBlockStepResult>(RunBatch, batching.MaxBatch, batching.MaxWaiting, YieldTurn);
        switch (id.Kind)
        {
            case SubBlockKind.AttentionHeads:
                _attention = model.HeadGroup(id);
                if (batching.SlabSlots > 0)
                    _attention.UseSlab(batching.SlabSlots, model.Shape.MaxSeqLen);
                foreach (var (session, kv) in _checkpoints.Sessions)
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

        return Task.CompletedTask;
    }

    public Task<SubBlockOutput> Attend(Guid session, int position, byte[] normed)
    {
        _ = _attention ?? throw WrongKind("attention");
        return Step(session, position, normed);
    }

    public Task<SubBlockOutput> Ffn(byte[] normed) =>
        _id.Kind == SubBlockKind.Ffn ? Step(Guid.Empty, 0, normed) : throw WrongKind("whole FFN slice");

    public Task<SubBlockOutput> FfnUp(byte[] normed) =>
        _id.Kind == SubBlockKind.FfnUp ? Step(Guid.Empty, 0, normed) : throw WrongKind("FFN W1");

    public Task<SubBlockOutput> FfnDown(byte[] hidden) =>
        _id.Kind == SubBlockKind.FfnDown ? Step(Guid.Empty, 0, hidden) : throw WrongKind("FFN W2");

    public async Task<SubBlockBatchOutput> Steps(SubBlockKind kind, SubBlockStepCall[] steps)
    {
        if (kind != _id.Kind)
            throw WrongKind(kind.ToString());
        var batcher = _batcher ?? throw new InvalidOperationException($"{_id} is not activated");
        await _arrival;
        foreach (var s in steps)
            await DropIfIncompatible(s.Session, s.PlanVersion);
        var results = await Task.WhenAll(batcher.SubmitMany(steps.Select(s => new SubBlockStep(s.Session, s.Position, s.Input, s.PlanVersion)).ToArray()));
        var outputs = results.Select(r => r.OutputOrThrow()).ToArray();
        await GoHomeIfAway();
        return new SubBlockBatchOutput(outputs, silo.Tier);
    }

    public async Task EndSession(Guid session)
    {
        if (_caches.Remove(session, out var cache))
        {
            if (_inBatch.Contains(session))
                _endedInBatch.Add(cache);
            else
                cache.Dispose();
        }

        await _checkpoints.Remove(session);
    }

    /// <summary>This call's step through the batcher, then home if placed away (under the call's own plan version).</summary>
    private async Task<SubBlockOutput> Step(Guid session, int position, byte[] input)
    {
        var version = RequestContext.Get(PlanDirectory.VersionKey) as long? ?? 0;
        var batcher = _batcher ?? throw new InvalidOperationException($"{_id} is not activated");
        await _arrival;
        await DropIfIncompatible(session, version);
        var output = (await batcher.Submit(new SubBlockStep(session, position, input, version))).OutputOrThrow();
        await GoHomeIfAway();
        return new SubBlockOutput(output, silo.Tier);
    }

    /// <summary>One batch of steps; a session twice in it (a retried call whose first try still waited) runs in a later round.</summary>
    private async Task<IReadOnlyList<SubBlockStepResult>> RunBatch(IReadOnlyList<SubBlockStep> steps)
    {
        batches.Ran(steps.Count);
        var results = new SubBlockStepResult[steps.Count];
        var left = Enumerable.Range(0, steps.Count).ToList();
        while (left.Count > 0)
        {
            var round = new List<int>();
            var later = new List<int>();
            var seen = new HashSet<Guid>();
            foreach (var i in left)
                (_attention is null || seen.Add(steps[i].Session) ? round : later).Add(i);
            if (_attention is { } attention)
                await Attention(attention, steps, round, results);
            else
                await FfnPart(steps, round, results);
            left = later;
        }

        return results;
    }

    private async Task FfnPart(IReadOnlyList<SubBlockStep> steps, List<int> round, SubBlockStepResult[] results)
    {
        var shape = Shape;
        var gated = shape.Ffn == FfnKind.SwiGlu;
        Func<Tensor, IReadOnlyList<int>, Tensor> forward = _id.Kind switch
        {
            SubBlockKind.Ffn => (x, _) => _down!.Forward(_up!.Forward(x)),
            SubBlockKind.FfnUp => (x, _) => _up!.Forward(x),
            _ => (x, _) => _down!.Forward(x),
        };
        Func<IReadOnlyList<int>, SubBlockWork> work = _id.Kind switch
        {
            SubBlockKind.Ffn => rows => SubBlockWorkModel.FfnSlice(shape.DModel, _up!.Width, gated, Biased(shape), rows.Sum()),
            SubBlockKind.FfnUp => rows => SubBlockWorkModel.FfnUp(shape.DModel, _up!.Width, gated, Biased(shape), rows.Sum()),
            _ => rows => SubBlockWorkModel.FfnDown(shape.DModel, _down!.Width, rows.Sum()),
        };
        try
        {
            var inputs = round.Select(i => steps[i].Input).ToArray();
            var outputs = await SubBlockCompute.RunBatch(device, silo.Tier, inputs, forward, work);
            for (var k = 0; k < round.Count; k++)
                results[round[k]] = new SubBlockStepResult(outputs[k], null);
        }
        catch (Exception e)
        {
            foreach (var i in round)
                results[i] = SubBlockStepResult.Failed(e);
        }
    }

    private async Task Attention(AttentionHeadGroup attention, IReadOnlyList<SubBlockStep> steps, List<int> round, SubBlockStepResult[] results)
    {
        var ready = new List<(SubBlockStep Step, int Index, KvCache Cache)>();
        foreach (var i in round)
        {
            try
            {
                ready.Add((steps[i], i, CacheFor(attention, steps[i])));
            }
            catch (SessionStateLostException e)
            {
                results[i] = SubBlockStepResult.Failed(e);
            }
        }

        if (ready.Count == 0)
            return;
        var shape = Shape;
        var caches = ready.Select(r => r.Cache).ToArray();
        var cached = caches.Select(c => c.Length).ToArray();
        foreach (var r in ready)
            _inBatch.Add(r.Step.Session);
        try
        {
            var inputs = ready.Select(r => r.Step.Input).ToArray();
            var outputs = await SubBlockCompute.RunBatch(device, silo.Tier, inputs,
                (x, rows) => attention.ForwardBatch(x, caches, rows),
                rows => SubBlockWorkModel.AttentionBatch(shape.DModel, attention.QueryHeads, attention.KvHeads, attention.HeadDim, Biased(shape), cached, rows));
            for (var k = 0; k < ready.Count; k++)
                results[ready[k].Index] = new SubBlockStepResult(outputs[k], null);
            await Checkpoint(ready);
        }
        catch (Exception e)
        {
            foreach (var r in ready)
                results[r.Index] ??= SubBlockStepResult.Failed(e);
        }
        finally
        {
            _inBatch.Clear();
            foreach (var ended in _endedInBatch)
                ended.Dispose();
            _endedInBatch.Clear();
        }
    }

    /// <summary>
    /// A batch computes in the grain's turn; calls that arrive meanwhile queue in Orleans. After each batch the batcher
    /// yields the turn so that they submit their steps before the next batch is taken. Most batches arrive whole,
    /// though: a silo's <see cref="Stages.SubBlockCalls"/> gathers concurrent sessions' calls into one <see cref="Steps"/> message.
    /// </summary>
    private static async Task YieldTurn() => await Task.Yield();

    /// <summary>The session's cache, at the step's position: made at position 0, cut back for a step run again.</summary>
    private KvCache CacheFor(AttentionHeadGroup attention, SubBlockStep step)
    {
        var (session, position) = (step.Session, step.Position);
        if (!_caches.TryGetValue(session, out var cache))
        {
            if (position != 0)
                throw new SessionStateLostException($"{_id} holds no KV cache for session {session} at position {position}");
            cache = _caches[session] = attention.NewCache(Shape.MaxSeqLen);
        }

        // A step run again (its response was lost, or the session replays its tokens) rewrites its positions.
        if (cache.Length > position)
            cache.Truncate(position);
        if (cache.Length != position)
            throw new SessionStateLostException($"{_id} holds {cache.Length} positions of session {session} (its checkpoint), the step is at {position}", cache.Length);
        return cache;
    }

    // A cache restored from a checkpoint is used only under a plan it is valid for (SessionKv.RestorableUnder); else it
    // is dropped, and the session, told that nothing is held, replays its tokens from the start.
    private async Task DropIfIncompatible(Guid session, long version)
    {
        if (_attention is null || !_restored.TryGetValue(session, out var written))
            return;
        var plan = await plans.Current(ModelName, version);
        if (!_restored.Remove(session) || written.RestorableUnder(plan.Version, plan.Codec))
            return;
        log.LogInformation("{SubBlock}: the checkpoint of session {Session} (plan v{Written}, codec {Codec}) does not hold under plan v{Version} ({Now}): replayed instead",
            _id, session, written.PlanVersion, written.Codec, plan.Version, plan.Codec);
        if (_caches.Remove(session, out var cache))
            cache.Dispose();
        _checkpoints.Sessions.Remove(session);
    }

    // Every N positions (Fabric:Checkpoint:EveryTokens), not while moving: the caches travel with the move.
    private Task Checkpoint(IReadOnlyList<(SubBlockStep Step, int Index, KvCache Cache)> ran)
    {
        var every = options.Value.CheckpointEveryTokens;
        return every == 0 || _moving ? Task.CompletedTask : _checkpoints.Write(ModelName, every, ran, _caches.ContainsKey);
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

    // Only under a plan version (a session's step): the cached plan is then at hand, and direct calls stay put.
    private async Task GoHomeIfAway()
    {
        if (_moving || RequestContext.Get(PlanDirectory.VersionKey) is not long version || version <= 0)
            return;
        var home = (await plans.Current(ModelName, version)).TierOf(_id);
        if (home == silo.Tier || silos.Now(home).Length == 0)
            return;
        // This silo may know only an older plan than the one that moved this sub-block here (a step under the older
        // version still in flight): sent back on that, it would migrate against the newer plan's batch still arriving,
        // which deadlocks both migrations until Orleans' timeout. The plan grain says where home is now.
        home = (await plans.Latest(ModelName)).TierOf(_id);
        if (home == silo.Tier || silos.Now(home).Length == 0)
            return;
        log.LogInformation("{SubBlock} ran on {Here}, its plan's tier is {Home}: moving there", _id, silo.Tier, home);
        _moving = await MoveTo(home);
    }

    private InvalidOperationException WrongKind(string what) => new($"{_id} is not a {what} sub-block");
}
