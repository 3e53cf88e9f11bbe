using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests.Controller;

/// <summary>
/// The controller grain driving the placement director: a greedy generation under a scheduled link (good, a collapse,
/// recovery) with drift-plus-penalty deciding before every token on what the fabric measured (the controller's own
/// probe and meters). The link's clock is the test's, one phase per third of the tokens; nothing is timed.
/// </summary>
[Collection(FabricCollection.Name)]
public class ControllerTests(FabricCluster fabric)
{
    private const string Model = "controller";
    private const string Prompt = "In the beginning";
    private const int Tokens = 12;

    private static readonly LinkState Good = new(10_000, 10_000, 0.05);
    private static readonly LinkState Collapsed = new(0.2, 0.2, 300);

    private static readonly PiecewiseLink Scheduled = new([(TimeSpan.Zero, Good), (TimeSpan.FromSeconds(10), Collapsed), (TimeSpan.FromSeconds(20), Good)],
        description: "good 10 Gbit/s 0.05 ms; 0.2 Mbit/s 300 ms from 10 s; good again from 20 s");

    [Fact]
    public async Task UnderACollapsingLinkThePlanMovesToTheEdgeAndBackWithEverySubBlockOnItsTierAndTheReferenceTokens()
    {
        var controller = fabric.Grains.GetGrain<IControllerGrain>(FabricKeys.Controller(Model, "rpi5"));
        var clock = fabric.Link.Clock;
        var now = TimeSpan.Zero;
        fabric.Link.Link = Scheduled;
        fabric.Link.Clock = () => now;
        var session = fabric.NewSession(Model);
        var tokens = new List<int>();
        var placements = new List<string>();
        try
        {
            await controller.Start(new ControllerSettings("drift-plus-penalty", EpochMs: 500, EdgeDevice: "rpi5", PromptTokens: 4, OutputTokens: Tokens, ManualEpochs: true));
            for (var i = 0; i < Tokens; i++)
            {
                now = TimeSpan.FromSeconds(10 * (i * 3 / Tokens) + 1 + i % (Tokens / 3));
                var decision = await controller.Tick();
                placements.Add(decision.Placement);
                var plan = await fabric.Plan(Model).GetPlan();
                Assert.Equal(decision.PlanVersion, plan.Version);
                await Settled(plan);
                var step = i == 0 ? await session.Start(new GenerationRequest(Prompt, Tokens)) : await session.Next();
                tokens.Add(step!.Token);
                // Where the token's work ran, as the session's trace reports it: on the plan's tiers.
                Assert.Equal(plan.Version, step.PlanVersion);
                Assert.Equal(Enumerable.Range(0, plan.Layers).Select(l => $"L{l} {plan.Describe(l)}").ToArray(), step.Layers);
            }
        }
        finally
        {
            await controller.Stop();
            fabric.Link.Link = null;
            fabric.Link.Clock = clock;
            await session.End();
        }

        var decisions = await controller.Decisions();
        var trace = string.Join("; ", decisions.Select(d => $"{d.Epoch}: {d.Placement} v{d.PlanVersion} {d.UplinkMbps:G3} Mbit/s {d.RttMs:G3} ms"));
        Assert.Equal(Tokens, decisions.Length);
        var third = Tokens / 3;
        // Work in the cloud while the link is good, all of it on the edge from the first epoch of the collapse, back after.
        Assert.True(placements.Take(third).All(p => p.Contains('C', StringComparison.Ordinal)), trace);
        Assert.True(placements.Skip(third).Take(third).All(p => p == "E E E E"), trace);
        Assert.True(placements.Skip(2 * third).All(p => p.Contains('C', StringComparison.Ordinal)), trace);
        Assert.True(decisions.Count(d => d.Published) >= 3, trace);
        Assert.Equal(Expected(), tokens);
    }

    [Theory]
    [InlineData("clairvoyant")]
    [InlineData("no-such-policy")]
    public async Task APolicyTheControllerCannotRunIsATypedError(string policy)
    {
        var controller = fabric.Grains.GetGrain<IControllerGrain>(FabricKeys.Controller(Model, "typo"));
        var e = await Assert.ThrowsAsync<InvalidRequestException>(() => controller.Start(new ControllerSettings(policy, ManualEpochs: true)));
        Assert.Contains(policy, e.Message, StringComparison.Ordinal);
    }

    // Every sub-block is on its plan's tier before the step (migrations the plan started have finished).
    private async Task Settled(PartitionPlan plan)
    {
        for (var attempt = 0; ; attempt++)
        {
            var at = await Task.WhenAll(plan.Tiers.Select(async kv => (kv.Value, (await fabric.SubBlock(Model, kv.Key).Locate()).Tier)));
            if (at.All(a => a.Item1 == a.Item2) || attempt == 40)
            {
                await Placements.AssertFollow(fabric, Model, plan);
                return;
            }

            await Task.Delay(50);
        }
    }

    private int[] Expected()
    {
        using var loaded = ModelLoader.Open(fabric.Model.Path);
        using var reference = loaded.LoadReference();
        return TextGenerator.Generate(reference, loaded.Tokenizer.Encode(Prompt), Tokens, SamplingOptions.Greedy).ToArray();
    }
}
