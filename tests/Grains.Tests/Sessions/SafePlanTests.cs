using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Hosting;
using Splitwise.Planning.Recovery;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests.Sessions;

/// <summary>
/// Backoff, then a safe plan, on the in-process cluster with the emulated link: a session whose far calls keep
/// failing generates on the all-edge plan (its caches rebuilt by replay), returns to the policy's plan when the link
/// answers, and its greedy tokens equal the fault-free run's; injected call failures are retried away; a model that
/// does not fit the edge waits for the link, bounded, and then tells the client.
/// </summary>
[Collection(FabricCollection.Name)]
public class SafePlanTests(FabricCluster fabric)
{
    private const string Model = "recovery";
    private const string Prompt = "In the beginning";
    private const int Length = 14;

    // Quick retries so that an outage is met in milliseconds; the safe plan after one failed step.
    private static readonly RecoveryOptions Quick = new() { MaxRetries = 2, InitialDelayMs = 1, MaxDelayMs = 4, ProbeEveryTokens = 3 };

    private static readonly PiecewiseLink Down = new([(TimeSpan.Zero, new LinkState(1000, 1000, 1, Up: false))]);

    // Attention on the edge, the FFN in the cloud: every layer crosses the link twice per token.
    private static PartitionPlan Policy() => PartitionPlans.Build(TinyModel.Dims, TinyModel.Spec, id => id.Kind == SubBlockKind.AttentionHeads ? Tier.Edge : Tier.Cloud);

    [Fact]
    public async Task AnOutageMidGenerationTakesTheSafePlanThenReturnsAndTheTokensAreUnchanged()
    {
        var expected = await Generate(_ => { });

        var steps = await Generate(i => fabric.Link.Link = i is >= 4 and < 9 ? Down : null);

        Assert.Equal(Tokens(expected), Tokens(steps));
        Assert.All(steps[..4], s => Assert.Null(s.Recovery));
        Assert.StartsWith("safe plan: all on the edge after 1 failed attempts (LinkDownException", steps[4].Recovery);
        Assert.All(steps[4..9], s => Assert.All(s.Layers, l => Assert.DoesNotContain('C', l)));
        Assert.All(steps[4..9], s => Assert.Equal(0, s.Link.FarCalls));
        var back = steps.FindIndex(s => s.Recovery?.StartsWith("back on the policy's plan", StringComparison.Ordinal) == true);
        Assert.InRange(back, 9, 12);
        Assert.All(steps[back..], s => Assert.Contains(s.Layers, l => l.Contains('C', StringComparison.Ordinal)));
        Assert.All(steps[(back + 1)..], s => Assert.Null(s.Recovery));
    }

    [Fact]
    public async Task TenPercentInjectedCallFailuresAreRetriedAwayAndTheTokensAreUnchanged()
    {
        var expected = await Generate(_ => { });

        fabric.Link.InjectFailures(0.1, seed: 12);
        List<TokenStep> steps;
        try
        {
            steps = await Generate(_ => { }, new RecoveryOptions { MaxRetries = 6, InitialDelayMs = 1, MaxDelayMs = 4 });
        }
        finally
        {
            fabric.Link.InjectFailures(0);
        }

        Assert.Equal(Tokens(expected), Tokens(steps));
        Assert.Contains(steps, s => s.Recovery?.Contains("far calls retried", StringComparison.Ordinal) == true);
        Assert.All(steps, s => Assert.Contains(s.Layers, l => l.Contains('C', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AModelThatDoesNotFitTheEdgeWaitsForTheLinkThenSaysSoAndResumesWhenItIsBack()
    {
        var expected = await Generate(_ => { });
        var session = await Started(Quick with { EdgeMemoryBytes = 1, LinkWaitSeconds = 0.05 });
        var steps = new List<TokenStep> { await session.Start(new GenerationRequest(Prompt, Length)) };

        TierUnavailableException refused;
        try
        {
            fabric.Link.Link = Down;
            refused = await Assert.ThrowsAsync<TierUnavailableException>(() => session.Next());
            fabric.Link.Link = null;
            while (await session.Next() is { } step)
                steps.Add(step);
            await session.End();
        }
        finally
        {
            fabric.Link.Link = null;
            Recovery.Options = new RecoveryOptions();
        }


        Assert.Contains("does not fit", refused.Message);
        Assert.Contains("ask for the next token again", refused.Message);
        Assert.Equal(Tokens(expected), Tokens(steps));
    }

    private async Task<List<TokenStep>> Generate(Action<int> beforeStep, RecoveryOptions? options = null)
    {
        var session = await Started(options ?? Quick);
        var steps = new List<TokenStep>();
        try
        {
            beforeStep(0);
            steps.Add(await session.Start(new GenerationRequest(Prompt, Length)));
            while (true)
            {
                beforeStep(steps.Count);
                if (await session.Next() is not { } step)
                    break;
                steps.Add(step);
            }
        }
        finally
        {
            fabric.Link.Link = null;
            Recovery.Options = new RecoveryOptions();
        }

        await session.End();
        return steps;
    }

    private async Task<IGenerationSessionGrain> Started(RecoveryOptions options)
    {
        Recovery.Options = options;
        await fabric.Plan(Model).SetPlan(Policy());
        return fabric.NewSession(Model);
    }

    private FabricRecovery Recovery => fabric.SiloServices(Tier.Edge).GetRequiredService<FabricRecovery>();

    private static int[] Tokens(List<TokenStep> steps) => steps.Select(s => s.Token).ToArray();
}
