using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// A generation session's stored state: the request (sampling options and seed), the token history (prompt and
/// generated) and how many were generated; written after every step, so that a session whose activation was lost
/// (its silo or its directory entry went) resumes where it stood, its KV caches rebuilt by replaying the tokens.
/// </summary>
[GenerateSerializer, Alias("splitwise.SessionRecord")]
public sealed class SessionRecord
{
    [Id(0)]
    public GenerationRequest? Request { get; set; }

    [Id(1)]
    public List<int> Tokens { get; set; } = [];

    [Id(2)]
    public int Generated { get; set; }

    [Id(3)]
    public int MaxNewTokens { get; set; }

    [Id(4)]
    public bool CappedByContext { get; set; }
}
