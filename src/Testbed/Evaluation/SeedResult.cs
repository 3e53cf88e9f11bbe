namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// One world of a scenario (its seed picks the evaluation trace and draws the requests): the link it ran on, the lower
/// bound's mean, p95 and time to first token, and every policy's figures on it.
/// </summary>
public sealed record SeedResult(
    int Seed,
    string Link,
    int Requests,
    double BoundMeanSeconds,
    double BoundP95Seconds,
    double BoundMeanTtftSeconds,
    IReadOnlyList<PolicyMetrics> Policies)
{
    public PolicyMetrics? Row(string policy) => Policies.FirstOrDefault(p => p.Policy == policy);
}
