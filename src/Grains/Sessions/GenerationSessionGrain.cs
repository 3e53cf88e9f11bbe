using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Stages;
using Splitwise.Inference.Generation;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// One generation, on the edge: checks the request, keeps the token history and the sampler, and runs
/// each step under the plan current at that step (so a new plan takes effect at the next token).
/// </summary>
[TierPlacement]
public sealed class GenerationSessionGrain(ModelCatalog catalog, PlanDirectory plans, SiloTier silo, DeviceEmulator device) : Grain, IGenerationSessionGrain
{
    private readonly List<int> _tokens = [];
    private FabricModel? _model;
    private Sampler? _sampler;
    private int _maxNewTokens;
    private bool _cappedByContext;
    private int _generated;
    private int _forwarded;
    private bool _broken;
    private LinkBackoff? _backoff;

    private string ModelName => FabricKeys.ModelOf(this.GetPrimaryKeyString());

    private Guid SessionId => Guid.ParseExact(this.GetPrimaryKeyString()[(ModelName.Length + 1)..^FabricKeys.Suffix(Tier.Edge).Length], "N");

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
        return await Step();
    }

    public async Task<TokenStep?> Next()
    {
        if (_model is null)
            throw new InvalidRequestException("the session has not started");
        return _generated >= _maxNewTokens ? null : await Step();
    }

    public async Task End()
    {
        if (_model is null)
            return;
        var plan = await Plan().GetPlan();
        var attention = Enumerable.Range(0, plan.Layers).SelectMany(l => plan.Spec.SubBlocks(l, _model.Shape.NKvHead))
            .Where(id => id.Kind == SubBlockKind.AttentionHeads);
        await Task.WhenAll(attention.Select(id => GrainFactory.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(ModelName, id)).EndSession(SessionId)));
        DeactivateOnIdle();
    }

    private async Task<TokenStep> Step()
    {
        if (_broken)
            throw new SessionStateLostException("an earlier step of this session failed part-way; its KV caches disagree, start a new session");
        var model = _model!;
        var plan = await Plan().GetPlan();
        plans.Observe(ModelName, plan);
        RequestContext.Set(PlanDirectory.VersionKey, plan.Version);

        var link = new StageCall(silo.Tier, _backoff ??= LinkBackoff.Default(SessionId.GetHashCode()));
        var forward = new SessionForward(model, SessionId, silo.Tier, plan, GrainFactory, link, device);
        var fresh = _tokens.Skip(_forwarded).ToArray();
        int token;
        try
        {
            using var logits = await forward.Run(fresh, _forwarded);
            using var last = logits[0];
            token = _sampler!.Next(last);
        }
        catch
        {
            _broken = true;
            throw;
        }

        _forwarded = _tokens.Count;
        _tokens.Add(token);
        _generated++;
        return new TokenStep(_generated - 1, token, model.Tokenizer.Decode([token]), plan.Version, Describe(plan, forward.Ran), link.Link, _generated >= _maxNewTokens,
            _generated < _maxNewTokens ? null : _cappedByContext ? "context" : "tokens");
    }

    // Where each layer's sub-blocks ran, as they reported it: the plan gives the order, never the tiers.
    private static string[] Describe(PartitionPlan plan, RanLedger ran) =>
        Enumerable.Range(0, plan.Layers).Select(l => $"L{l} {plan.Describe(l, ran.Tiers)}").ToArray();

    private IPlanGrain Plan() => GrainFactory.GetGrain<IPlanGrain>(FabricKeys.Plan(ModelName));
}
