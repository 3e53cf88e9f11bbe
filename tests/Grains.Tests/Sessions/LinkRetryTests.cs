using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests.Sessions;

/// <summary>
/// A far call the link refuses is retried with backoff, and so is one whose response was lost after the callee
/// ran (a head group asked for a position it holds rewrites it). The link's clock is scripted per crossing, so which leg meets
/// the outage is exact (one cloud layer, run there with the residual: request, response).
/// </summary>
[Collection(FabricCollection.Name)]
public class LinkRetryTests(FabricCluster fabric)
{
    private const string Model = "retry";
    private const string Prompt = "In the";
    private static readonly ModelDimensions Dims = TinyModel.Dims;
    private static readonly DecompositionSpec Spec = TinyModel.Spec;
    private static readonly TimeSpan Up = TimeSpan.Zero;
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ARefusedRequestIsRetriedAndTheTokenIsUnchanged()
    {
        var expected = await FirstTokenWithoutOutage();
        var outagesBefore = (await CloudMetrics().Totals()).Outages;

        var step = await WithScriptedLink([Down, Down], () => fabric.NewSession(Model).Start(new GenerationRequest(Prompt, 2)));

        Assert.Equal(expected, step.Token);
        Assert.Equal(1, step.Link.FarCalls);
        Assert.Equal(2, (await CloudMetrics().Totals()).Outages - outagesBefore);
    }

    [Fact]
    public async Task ALostResponseIsRetriedTooSinceTheCalleeRewritesThatPosition()
    {
        var expected = await FirstTokenWithoutOutage();
        var session = fabric.NewSession(Model);

        var step = await WithScriptedLink([Up, Down], () => session.Start(new GenerationRequest(Prompt, 2)));

        Assert.Equal(expected, step.Token);
        Assert.Contains("1 far calls retried", step.Recovery);
        Assert.NotNull(await session.Next());
    }

    private async Task<int> FirstTokenWithoutOutage()
    {
        await fabric.Plan(Model).SetPlan(PartitionPlans.FirstLayersOnEdge(3, Dims, Spec));
        var session = fabric.NewSession(Model);
        var step = await session.Start(new GenerationRequest(Prompt, 2));
        await session.End();
        return step.Token;
    }

    // The link is down at 5-15 s; crossing i reads script[i], later crossings read Up.
    private async Task<T> WithScriptedLink<T>(TimeSpan[] script, Func<Task<T>> run)
    {
        var state = new LinkState(1000, 1000, 2);
        var reads = 0;
        fabric.Link.Link = new PiecewiseLink([(TimeSpan.Zero, state), (TimeSpan.FromSeconds(5), state with { Up = false }), (TimeSpan.FromSeconds(15), state)]);
        var clock = fabric.Link.Clock;
        fabric.Link.Clock = () =>
        {
            var i = Interlocked.Increment(ref reads) - 1;
            return i < script.Length ? script[i] : Up;
        };
        try
        {
            return await run();
        }
        finally
        {
            fabric.Link.Clock = clock;
            fabric.Link.Link = null;
        }
    }

    private ILinkMetricsGrain CloudMetrics() => fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));
}
