namespace Splitwise.Contracts.Grains;

/// <summary>
/// One generation on the edge (key: <see cref="FabricKeys.Session"/>): owns the request, the token
/// history and sampling, runs embeddings, norms and the LM head, and drives the layer stages.
/// </summary>
public interface IGenerationSessionGrain : IGrainWithStringKey
{
    /// <summary>Validates the request, runs the prompt and returns the first generated token.</summary>
    /// <exception cref="Errors.UnknownModelException"/>
    /// <exception cref="Errors.InvalidRequestException">empty prompt, prompt longer than the context, bad options.</exception>
    Task<TokenStep> Start(GenerationRequest request);

    /// <summary>The next token, or null once the generation is complete.</summary>
    Task<TokenStep?> Next();

    /// <summary>
    /// A stored session picked up again (e.g. after the edge host restarted): the tokens it generated after index
    /// <paramref name="after"/> (the last one the client received; -1 for none), read from its record, their trace not
    /// kept. Continue with <see cref="Next"/> unless the last one is <see cref="TokenStep.Last"/>.
    /// </summary>
    /// <exception cref="Errors.SessionNotFoundException">no such session is stored (never started, ended, or lost).</exception>
    /// <exception cref="Errors.InvalidRequestException"><paramref name="after"/> is below -1 or past the tokens generated.</exception>
    Task<TokenStep[]> Resume(int after);

    /// <summary>Releases the KV caches the sub-blocks hold for this session.</summary>
    Task End();
}

[GenerateSerializer, Immutable, Alias("splitwise.GenerationRequest")]
public sealed record GenerationRequest(
    [property: Id(0)] string Prompt,
    [property: Id(1)] int MaxNewTokens,
    [property: Id(2)] double Temperature = 0,
    [property: Id(3)] int TopK = 0,
    [property: Id(4)] int Seed = 0,
    [property: Id(5)] double TopP = 1);

/// <summary>
/// One generated token and how it was computed: the plan, where each layer ran (as its sub-blocks reported), what
/// crossed the link. The last step says why the generation ended in <see cref="Finish"/>: "tokens" (as many as
/// asked) or "context" (the model's context was full first). <see cref="Recovery"/> says what the session did to
/// ride out a fault at this step (retried, replayed its tokens, took the safe all-edge plan, returned to the policy's
/// plan, waited for the link); null when nothing failed.
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.TokenStep")]
public sealed record TokenStep(
    [property: Id(0)] int Index,
    [property: Id(1)] int Token,
    [property: Id(2)] string Text,
    [property: Id(3)] long PlanVersion,
    [property: Id(4)] string[] Layers,
    [property: Id(5)] LinkUse Link,
    [property: Id(6)] bool Last,
    [property: Id(7)] string? Finish = null,
    [property: Id(8)] string? Recovery = null);

/// <summary>
/// The link as one step saw it: far-tier calls (each crosses once up and once down), payload bytes
/// each way, and the wall time of those calls (link delay plus far-side compute).
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.LinkUse")]
public sealed record LinkUse([property: Id(0)] int FarCalls, [property: Id(1)] long BytesUp, [property: Id(2)] long BytesDown, [property: Id(3)] double FarCallMs)
{
    public static LinkUse None { get; } = new(0, 0, 0, 0);

    public LinkUse Add(long up, long down, double ms) => new(FarCalls + 1, BytesUp + up, BytesDown + down, FarCallMs + ms);
}
