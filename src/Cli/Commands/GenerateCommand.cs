using System.Diagnostics;
using System.Text.Json;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Cli.Commands;

/// <summary>In-process generation with the bundled model (or --model), monolithic or decomposed.</summary>
public sealed class GenerateCommand : ICliCommand
{
    public string Name => "generate";

    public string Summary => "generate text in process";

    public void Declare(CliSpec spec)
    {
        spec
            .Arguments("prompt", "the prompt")
            .Int("tokens", "tokens to generate (default 200)", min: 1)
            .Double("temperature", "sampling temperature, 0 = greedy (default 0)", min: 0)
            .Int("top-k", "top-k, 0 = all (default 0)", min: 0)
            .Int("seed", "sampling seed (default 0)")
            .Flag("decomposed", "run the decomposed (sub-block) model instead of the monolithic one")
            .Json();
        ModelOptions.Declare(spec);
    }

    public int Run(CliArgs args)
    {
        var prompt = args.Positionals.Count > 0 ? string.Join(' ', args.Positionals) : throw new CliUsageException("give a prompt: generate \"In the beginning\"");
        var sampling = new SamplingOptions(args.GetDouble("temperature", 0), args.GetInt("top-k", 0), args.GetInt("seed", 0));
        var maxTokens = args.GetInt("tokens", 200);
        using var model = ModelOptions.Open(args);
        using ICausalLm lm = args.Has("decomposed") ? model.Decompose(ModelOptions.Spec(args, model.Shape)) : model.LoadReference();
        var tokenizer = model.Tokenizer;
        var promptTokens = tokenizer.Encode(prompt);
        if (!args.Json)
            Console.Write(prompt);

        var clock = Stopwatch.StartNew();
        var generated = new List<int>();
        var pending = new List<int>();
        foreach (var token in TextGenerator.Generate(lm, promptTokens, maxTokens, sampling))
        {
            generated.Add(token);
            pending.Add(token);
            var text = tokenizer.Decode(pending);
            // A byte-level or BPE token can end inside a UTF-8 character: hold it until it completes.
            if (!args.Json && !text.EndsWith('\uFFFD'))
            {
                Console.Write(text);
                pending.Clear();
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var completion = tokenizer.Decode(generated);
        Console.WriteLine();
        Console.WriteLine($"[{generated.Count} tokens in {seconds:F2} s, {generated.Count / seconds:F1} tokens/s; {model.Path}; {(args.Has("decomposed") ? "decomposed" : "monolithic")}; {TorchSharp.torch.get_num_threads()} threads]");
        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(new { prompt, completion, tokens = generated, seconds, tokensPerSecond = generated.Count / seconds, model = model.Path, sampling }));
        return 0;
    }
}
