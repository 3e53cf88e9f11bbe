using System.Runtime.CompilerServices;
using Splitwise.Client;
using Splitwise.Contracts.Grains;

namespace Splitwise.Cli.Load;

/// <summary>The fabric through the native Orleans client SDK (<see cref="FabricClient"/>): each step is one token.</summary>
public sealed class FabricTarget(FabricClient client, string model, string where) : ILoadTarget
{
    public string Description => $"fabric client SDK ({where}), model {model}";

    public async IAsyncEnumerable<int> Generate(string prompt, int tokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var step in client.Generate(model, new GenerationRequest(prompt, tokens), cancellationToken))
            yield return step.Index;
    }
}
