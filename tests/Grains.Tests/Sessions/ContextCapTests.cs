using Splitwise.Contracts.Grains;
using Splitwise.Inference.Models;

namespace Splitwise.Grains.Tests.Sessions;

/// <summary>The last step says why the generation ended: as many tokens as asked, or the context was full first.</summary>
[Collection(FabricCollection.Name)]
public class ContextCapTests(FabricCluster fabric)
{
    private const string Model = "errors";

    [Theory]
    [InlineData(3, "tokens")]
    [InlineData(1000, "context")]
    public async Task TheLastStepSaysWhyTheGenerationEnded(int asked, string finish)
    {
        const string prompt = "And God said, Let there be light";
        using var loaded = ModelLoader.Open(fabric.Model.Path);
        var room = TinyModel.Config.NCtx - loaded.Tokenizer.Encode(prompt).Count;
        var session = fabric.NewSession(Model);

        var steps = new List<TokenStep> { await session.Start(new GenerationRequest(prompt, asked)) };
        while (await session.Next() is { } step)
            steps.Add(step);

        Assert.Equal(Math.Min(asked, room), steps.Count);
        Assert.All(steps[..^1], s => Assert.Null(s.Finish));
        Assert.True(steps[^1].Last);
        Assert.Equal(finish, steps[^1].Finish);
        await session.End();
    }
}
