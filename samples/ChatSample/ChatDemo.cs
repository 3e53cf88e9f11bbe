using System.Text.Json;
using Splitwise.Client;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.ChatSample;

/// <summary>
/// The sample's whole use of the SDK: set a plan (first k layers on the edge), stream one generation
/// token by token with where each layer ran and what crossed the link, then read the plan back.
/// </summary>
public static class ChatDemo
{
    public static async Task<IReadOnlyList<TokenStep>> Run(FabricClient fabric, ChatOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        var change = await fabric.SetPlan(options.Model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(options.EdgeLayers, dims, spec, options.Codec));
        await output.WriteLineAsync($"plan v{change.Version} set: first {options.EdgeLayers} layers on the edge, the rest in the cloud, codec {options.Codec}; {change.Moved.Length} sub-blocks moved");
        await output.WriteLineAsync($"prompt: {JsonSerializer.Serialize(options.Prompt)}");

        var steps = new List<TokenStep>();
        await foreach (var step in fabric.Generate(options.Model, new GenerationRequest(options.Prompt, options.Tokens), cancellationToken))
        {
            steps.Add(step);
            await output.WriteLineAsync(
                $"token {step.Index,3} {JsonSerializer.Serialize(step.Text),-8} plan v{step.PlanVersion} | link {step.Link.FarCalls} calls, " +
                $"{step.Link.BytesUp} B up, {step.Link.BytesDown} B down, {step.Link.FarCallMs:F1} ms | {string.Join("; ", step.Layers)}");
        }

        await output.WriteLineAsync($"text: {JsonSerializer.Serialize(options.Prompt + string.Concat(steps.Select(s => s.Text)))}");
        var plan = await fabric.GetPlan(options.Model);
        await output.WriteLineAsync($"plan read back: v{plan.Version}, codec {plan.Codec}");
        for (var layer = 0; layer < plan.Layers; layer++)
            await output.WriteLineAsync($"  L{layer} {plan.Describe(layer)}");
        return steps;
    }
}
