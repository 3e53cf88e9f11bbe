using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Stages;
using Splitwise.Grains.Storage;
using Splitwise.Inference.Generation;
using Splitwise.Planning.Recovery;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// One generation, on the edge: checks the request, keeps the token history and the sampler, and runs
/// each step under the plan current at that step (so a new plan takes effect at the next token). When far calls
/// keep failing after their retries it takes the safe plan (<see cref="EdgeFallback"/>, every sub-block on the edge,
/// rebuilt by replaying the tokens) and tries the policy's plan again every few tokens; when sub-blocks lost the
/// session's KV caches it replays the tokens after the earliest checkpoint through them (a head group asked for a
/// position it holds rewrites it from there). Each
/// step says in <see cref="TokenStep.Recovery"/> what it did.
/// </summary>
[TierPlacement]
public sealed class GenerationSessionGrain(
    ModelCatalog catalog, PlanDirectory plans, SiloTier silo, DeviceEmulator device, FabricRecovery recovery, SubBlockCalls calls, SessionBoard board, SessionStepper stepper,
    [PersistentState("session", FabricStorage.Name)] IPersistentState<SessionRecord> stored) : Grain, IGenerationSessionGrain
{
    private readonly List<int> _tokens = [];
    private FabricModel? _model;
    private Sampler? _sampler;
    private int _maxNewTokens;
    private bool _cappedByContext;
    private int _generated;
    private int _forwarded;
    private int? _replayFrom;
    private const int MaxReplays = 16;
    private LinkBackoff? _backoff;
    private EdgeFallback? _fallback;

    private string ModelName => FabricKeys.ModelOf(this.GetPrimaryKeyString());

    private Guid SessionId => Guid.ParseExact(this.GetPrimaryKeyString()[(ModelName.Length + 1)..^FabricKeys.Suffix(Tier.Edge).Length], "N");

    // A stored session (its activation was lost) resumes: the sampler is rebuilt past its samples; sub-blocks whose
    // caches are behind (restored from a checkpoint, or lost) make the next step replay the tokens after them.
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (stored.State.Request is { } request && catalog.Names.Contains(ModelName))
        {
            _model = catalog.Get(ModelName);
            _sampler = new Sampler(new SamplingOptions(request.Temperature, request.TopK, request.Seed, request.TopP));
            _sampler.Skip(stored.State.Generated);
            _tokens.AddRange(stored.State.Tokens);
            _generated = stored.State.Generated;
            _maxNewTokens = stored.State.MaxNewTokens;
            _cappedByContext = stored.State.CappedByContext;
            // Stored after each step: all but the last token were forwarded; a sub-block behind says so (Held).
            _forwarded = _tokens.Count - 1;
            if (_generated < _maxNewTokens)
                stepper.Opened(SessionId);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        stepper.Closed(SessionId);
        return Task.CompletedTask;
    }

    public async Task<TokenStep> Start(GenerationRequest request)
    {
        if (_model is not null)
            throw new InvalidRequestException("this session has already started; use a new session per request");
        var model = catalog.Get(ModelName);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Prompt))
            throw new InvalidRequestException("the prompt is empty: at least one token is needed to condition on");
        if (request.MaxNewTokens <= 0)
            throw new InvalidRequestException($"max new tokens must be positive, got {request.MaxNewTokens}");
        var prompt = model.Tokenizer.Encode(request.Prompt);
        if (prompt.Count >= model.Shape.MaxSeqLen)
            throw new InvalidRequestException($"the prompt is {prompt.Count} tokens; the context of '{ModelName}' holds {model.Shape.MaxSeqLen} including at least one generated token");
        if (prompt.Any(t => t < 0 || t >= model.Shape.VocabSize))
            throw new InvalidRequestException($"the prompt encodes to a token outside the vocabulary of {model.Shape.VocabSize}");
        try
        {
            _sampler = new Sampler(new SamplingOptions(request.Temperature, request.TopK, request.Seed, request.TopP));
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException(e.Message);
        }

        _model = model;
        _maxNewTokens = Math.Min(request.MaxNewTokens, model.Shape.MaxSeqLen - prompt.Count);
        _cappedByContext = _maxNewTokens < request.MaxNewTokens;
        _tokens.AddRange(prompt);
        stored.State.Request = request;
        board.Started();
        stepper.Opened(SessionId);
        return await Step();
    }

    public async Task<TokenStep?> Next()
    {
        if (_model is null)
            throw new InvalidRequestException("the session has not started");
        return _generated >= _maxNewTokens ? null : await Step();
    }

    public Task<TokenStep[]> Resume(int after)
    {
        var model = catalog.Get(ModelName);
        if (_model is null)
        {
            DeactivateOnIdle();
            throw new SessionNotFoundException($"session {SessionId:N} of '{ModelName}' is not stored: it never started, it ended (completed or abandoned), or its record was lost");
        }

        if (after < -1 || after >= _generated)
            throw new InvalidRequestException($"after must be the index of the last token received, -1..{_generated - 1} for session {SessionId:N} ({_generated} generated so far; -1 for none), got {after}");
        var prompt = _tokens.Count - _generated;
        var steps = new TokenStep[_generated - 1 - after];
        for (var i = after + 1; i < _generated; i++)
        {
            var token = _tokens[prompt + i];
            var last = i == _maxNewTokens - 1;
            steps[i - after - 1] = new TokenStep(i, token, model.Tokenizer.Decode([token]), 0, [], LinkUse.None, last,
                !last ? null : _cappedByContext ? "context" : "tokens", "re-sent from the stored session (its trace was not kept)");
        }

        return Task.FromResult(steps);
    }

    public async Task End()
    {
        if (_model is null)
            return;
        board.Ended();
        stepper.Closed(SessionId);
        var plan = await Plan().GetPlan();
        var attention = Enumerable.Range(0, plan.Layers).SelectMany(l => plan.Spec.SubBlocks(l, _model.Shape.NKvHead))
            .Where(id => id.Kind == SubBlockKind.AttentionHeads);
        _fallback?.Dispose();
        _fallback = null;
        await stored.ClearStateAsync();
        try
        {
            await Task.WhenAll(attention.Select(id => GrainFactory.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(ModelName, id)).EndSession(SessionId)));
        }
        catch (Exception e) when (StageCall.IsOutage(e))
        {
            // The far tier is away: its caches for this session go when its sub-blocks deactivate.
        }

        DeactivateOnIdle();
    }

    private async Task<TokenStep> Step()
    {
        var model = _model!;
        var plan = await Plan().GetPlan();
        plans.Observe(ModelName, plan);
        RequestContext.Set(PlanDirectory.VersionKey, plan.Version);
        var options = recovery.Options;
        _backoff ??= new LinkBackoff(options, SessionId.GetHashCode());

        Forward done;
        string? note = null;
        if (_fallback is { } safe && safe.Tokens % options.ProbeEveryTokens != 0)
            done = await OnSafePlan(safe);
        else
            (done, note) = await OnPolicyPlan(model, plan, options);

        _forwarded = _tokens.Count;
        _tokens.Add(done.Token);
        _generated++;
        if (_generated >= _maxNewTokens)
            stepper.Closed(SessionId);
        board.Token(done.Link.FarCalls > 0);
        await Store();
        return new TokenStep(_generated - 1, done.Token, model.Tokenizer.Decode([done.Token]), plan.Version, Describe(done.Plan, done.Ran), done.Link, _generated >= _maxNewTokens,
            _generated < _maxNewTokens ? null : _cappedByContext ? "context" : "tokens", note ?? (_fallback is null ? null : "safe plan: all on the edge"));
    }

    // The policy's plan, with recovery: a step whose caches were lost replays the tokens from the earliest position a
    // sub-block still holds (its checkpoint); one whose far calls keep failing takes the safe plan (or waits for the
    // link, bounded, when the model does not fit the edge).
    private async Task<(Forward, string?)> OnPolicyPlan(FabricModel model, PartitionPlan plan, RecoveryOptions options)
    {
        // Returning from the safe plan: the sub-blocks missed its tokens, so they are replayed from where it began.
        var probing = _fallback is not null;
        var from = _fallback?.Since ?? _replayFrom;
        var retries = 0;
        var lost = 0;
        for (var failures = 0; ; )
        {
            try
            {
                var done = await Distributed(model, plan, from ?? _forwarded, probing ? null : _backoff);
                retries += done.Retries;
                _replayFrom = null;
                string? note = null;
                if (_fallback is { } safe)
                {
                    note = $"back on the policy's plan v{plan.Version}: the link answered; replayed {_tokens.Count - from} tokens from position {from}";
                    safe.Dispose();
                    _fallback = null;
                }
                else if (from is not null || failures > 0 || retries > 0)
                {
                    note = (from is { } f ? $"replayed {_tokens.Count - f} tokens from position {f} ({lost} sub-block caches were behind: restored from checkpoints or lost); " : "")
                        + $"{failures} failed attempts, {retries} far calls retried";
                }

                return (done, note);
            }
            catch (SessionStateLostException e) when (options.SafePlan && lost++ < MaxReplays)
            {
                from = Math.Min(from ?? _forwarded, e.Held);
            }
            catch (Exception e) when (StageCall.IsOutage(e))
            {
                if (_fallback is { } safe)
                    return (await OnSafePlan(safe), null);
                if (!options.SafePlan)
                    throw;
                if (++failures < options.FallbackAfterFailures)
                    continue;
                var (fits, why) = EdgeFallback.Fits(model, options, device);
                if (fits)
                {
                    _fallback = new EdgeFallback(model, device) { Since = Math.Min(from ?? _forwarded, _forwarded) };
                    var done = await OnSafePlan(_fallback);
                    return (done, $"safe plan: all on the edge after {failures} failed attempts ({e.GetType().Name}: {e.Message}); replayed {_tokens.Count} tokens");
                }

                return await WaitForLink(model, plan, options, e, why);
            }
        }
    }

    // The model does not fit the edge: wait for the link with capped backoff, at most LinkWaitSeconds, then say so.
    private async Task<(Forward, string?)> WaitForLink(FabricModel model, PartitionPlan plan, RecoveryOptions options, Exception first, string why)
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var jitter = new Random(SessionId.GetHashCode());
        var patient = options with { MaxRetries = int.MaxValue };
        for (var attempt = 0; waiting.Elapsed.TotalSeconds < options.LinkWaitSeconds; attempt++)
        {
            await Task.Delay(Backoff.Delay(patient, Math.Min(attempt, 30), jitter.NextDouble())!.Value);
            try
            {
                var done = await Distributed(model, plan, _forwarded, null);
                return (done, $"waited {waiting.Elapsed.TotalSeconds:F1} s for the link (the safe plan does not fit the edge: {why})");
            }
            catch (Exception e) when (StageCall.IsOutage(e) || e is SessionStateLostException)
            {
            }
        }

        throw new TierUnavailableException(
            $"the link to the cloud tier has failed for {waiting.Elapsed.TotalSeconds:F1} s ({first.GetType().Name}: {first.Message}) and the safe all-edge plan does not fit: {why}. The session is kept: ask for the next token again later");
    }

    private async Task<Forward> Distributed(FabricModel model, PartitionPlan plan, int start, LinkBackoff? backoff)
    {
        var link = new StageCall(silo.Tier, backoff);
        // A plain decode step (not replaying, not probing the link) steps with this silo's other open sessions, if any.
        if (!stepper.Alone(SessionId) && backoff is not null && start == _tokens.Count - 1)
        {
            var member = BatchMember.Of(SessionId, start, [_tokens[start]], link);
            using var batched = await stepper.Decode(model, plan, member, more: _generated + 1 < _maxNewTokens);
            if (batched is not null)
            {
                using var last = batched[0];
                return new Forward(_sampler!.Next(last), plan, member.Ran, link.Link, 0);
            }

            link.Reset();
        }

        var forward = new SessionForward(model, SessionId, silo.Tier, plan, GrainFactory, link, device, calls: calls);
        var token = await Sample(forward, start);
        return new Forward(token, plan, forward.Ran, link.Link, link.Retries);
    }

    private async Task<Forward> OnSafePlan(EdgeFallback safe)
    {
        var link = new StageCall(silo.Tier);
        var forward = new SessionForward(_model!, SessionId, silo.Tier, safe.Plan, GrainFactory, link, device, safe.SubBlock);
        var token = await Sample(forward, safe.Forwarded);
        safe.Forwarded = _tokens.Count;
        safe.Tokens++;
        return new Forward(token, safe.Plan, forward.Ran, link.Link, 0);
    }

    private async Task<int> Sample(SessionForward forward, int start)
    {
        using var logits = await forward.Run(_tokens.Skip(start).ToArray(), start);
        using var last = logits[0];
        return _sampler!.Next(last);
    }

    private async Task Store()
    {
        var state = stored.State;
        state.Tokens = [.. _tokens];
        state.Generated = _generated;
        state.MaxNewTokens = _maxNewTokens;
        state.CappedByContext = _cappedByContext;
        await stored.WriteStateAsync();
    }

    private sealed record Forward(int Token, PartitionPlan Plan, RanLedger Ran, LinkUse Link, int Retries);

    // Where each layer's sub-blocks ran, as they reported it: the plan gives the order, never the tiers.
    private static string[] Describe(PartitionPlan plan, RanLedger ran) =>
        Enumerable.Range(0, plan.Layers).Select(l => $"L{l} {plan.Describe(l, ran.Tiers)}").ToArray();

    private IPlanGrain Plan() => GrainFactory.GetGrain<IPlanGrain>(FabricKeys.Plan(ModelName));
}
