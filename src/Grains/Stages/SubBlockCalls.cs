using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Placement;
using Splitwise.Inference.Decomposition;

namespace Splitwise.Grains.Stages;

/// <summary>
/// This silo's calls to sub-block grains, gathered across sessions (continuous batching, issue 15): per sub-block, a
/// call made while none is in flight goes out at once, alone, as a plain call; the calls made while one is in flight
/// wait and go out together as one <see cref="ISubBlockGrain.Steps"/> message, which the grain runs as one batch. So
/// N concurrent sessions cost a sub-block one message per step, not N. Should a gathered call fail, its steps are
/// repeated one by one (every step is idempotent), so each session gets its own typed error. The plan version sent
/// with a gathered call is the newest of its steps' (each step carries its own for its checkpoint); a sub-block's
/// result does not depend on it. One instance per silo; the session's in-place stage and the far tier's stage grains
/// use it (<see cref="StageFanOut"/>).
/// </summary>
public sealed class SubBlockCalls(IGrainFactory grains, IOptions<FabricOptions> options)
{
    private readonly ConcurrentDictionary<(string Key, SubBlockKind Kind), StepBatcher<SubBlockStepCall, Result>> _batchers = new();

    public Task<SubBlockOutput> Call(string model, SubBlockId id, SubBlockKind kind, Guid session, int position, byte[] input)
    {
        var key = FabricKeys.SubBlock(model, id);
        var version = RequestContext.Get(PlanDirectory.VersionKey) as long? ?? 0;
        var batcher = _batchers.GetOrAdd((key, kind), k => new StepBatcher<SubBlockStepCall, Result>(
            steps => Send(k.Key, k.Kind, steps), options.Value.Batching.MaxBatch, options.Value.Batching.MaxWaiting));
        // Off the caller's grain turn: the batch that starts here awaits its grain call on the thread pool, not on
        // the activation of whichever session came first.
        return Task.Run(async () => (await batcher.Submit(new SubBlockStepCall(session, position, input, version))).OutputOrThrow());
    }

    private async Task<IReadOnlyList<Result>> Send(string key, SubBlockKind kind, IReadOnlyList<SubBlockStepCall> steps)
    {
        var grain = grains.GetGrain<ISubBlockGrain>(key);
        RequestContext.Set(PlanDirectory.VersionKey, steps.Max(s => s.PlanVersion));
        if (steps.Count > 1)
        {
            try
            {
                var batch = await grain.Steps(kind, steps.ToArray());
                return batch.Data.Select(d => new Result(new SubBlockOutput(d, batch.Tier), null)).ToArray();
            }
            catch (Exception)
            {
                // One by one below: each step gets its own result or error.
            }
        }

        return await Task.WhenAll(steps.Select(async s =>
        {
            RequestContext.Set(PlanDirectory.VersionKey, s.PlanVersion);
            try
            {
                return new Result(await One(grain, kind, s), null);
            }
            catch (Exception e)
            {
                return new Result(null, e);
            }
        }));
    }

    private static Task<SubBlockOutput> One(ISubBlockGrain grain, SubBlockKind kind, SubBlockStepCall s) => kind switch
    {
        SubBlockKind.AttentionHeads => grain.Attend(s.Session, s.Position, s.Input),
        SubBlockKind.Ffn => grain.Ffn(s.Input),
        SubBlockKind.FfnUp => grain.FfnUp(s.Input),
        _ => grain.FfnDown(s.Input),
    };

    private sealed record Result(SubBlockOutput? Output, Exception? Error)
    {
        public SubBlockOutput OutputOrThrow()
        {
            if (Output is { } output)
                return output;
            ExceptionDispatchInfo.Throw(Error ?? new InvalidOperationException("a step without output or error"));
            return null!;
        }
    }
}
