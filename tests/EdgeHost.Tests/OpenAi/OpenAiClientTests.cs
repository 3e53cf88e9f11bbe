using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;
using Splitwise.Contracts.Grains;

namespace Splitwise.EdgeHost.Tests.OpenAi;

/// <summary>The edge gateway as the official OpenAI .NET client (2.15.0) sees it, against a running host.</summary>
public class OpenAiClientTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    private const string Question = "In the";

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(fabric.Address, "/v1") };

    private ChatClient Chat(string model = EdgeFabric.Model, string key = EdgeFabric.ApiKey) => new(model, new ApiKeyCredential(key), Options);

    private static ChatCompletionOptions Greedy(int tokens) => new() { MaxOutputTokenCount = tokens, Temperature = 0 };

    [Fact]
    public async Task TheModelsListNamesTheServedModel()
    {
        var models = await new OpenAIModelClient(new ApiKeyCredential(EdgeFabric.ApiKey), Options).GetModelsAsync();

        Assert.Equal([EdgeFabric.Model], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task AChatCompletionIsTheFabricsGenerationOfTheTemplatedPrompt()
    {
        var completion = (await Chat().CompleteChatAsync([new UserChatMessage(Question)], Greedy(6))).Value;

        // The same prompt straight through the fabric, greedy: the gateway adds no difference of its own.
        var prompt = $"User: {Question}\nAssistant:";
        var direct = await fabric.Fabric.Generate(EdgeFabric.Model, new GenerationRequest(prompt, 6)).Select(s => s.Text).ToArrayAsync();
        var expected = string.Concat(direct);
        if (!expected.Contains("\nUser:", StringComparison.Ordinal))
        {
            Assert.Equal(expected, completion.Content[0].Text);
            Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
            Assert.Equal(6, completion.Usage.OutputTokenCount);
        }

        Assert.Equal(prompt.Length, completion.Usage.InputTokenCount); // the byte tokenizer: one token per ASCII char
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task StreamingSendsTheSameTextTokenByTokenThenTheFinishReasonAndUsage()
    {
        var whole = (await Chat().CompleteChatAsync([new UserChatMessage(Question)], Greedy(8))).Value;

        var updates = await Chat().CompleteChatStreamingAsync([new UserChatMessage(Question)], Greedy(8)).ToListAsync();

        Assert.Equal(whole.Content[0].Text, string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.True(updates.Count(u => u.ContentUpdate.Count > 0) >= 2, "the text arrives in several events, not at the end");
        Assert.Equal(whole.FinishReason, updates.Single(u => u.FinishReason is not null).FinishReason);
        var usage = updates.Select(u => u.Usage).Single(u => u is not null)!;
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
    }

    [Fact]
    public async Task AnUnknownModelIs404()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Chat("no-such-model").CompleteChatAsync([new UserChatMessage(Question)], Greedy(2)));

        Assert.Equal(404, e.Status);
        Assert.Contains("no-such-model", e.Message);
    }

    [Fact]
    public async Task AWrongKeyIs401()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Chat(key: "wrong").CompleteChatAsync([new UserChatMessage(Question)], Greedy(2)));

        Assert.Equal(401, e.Status);
    }
}
