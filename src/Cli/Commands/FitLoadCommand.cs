using Splitwise.Testbed.Cloud;

namespace Splitwise.Cli.Commands;

/// <summary>Fits the shipped synthetic serving load (Markov-modulated Poisson, log-normal lengths) to a recorded trace and prints real vs synthetic.</summary>
public sealed class FitLoadCommand : ICliCommand
{
    public string Name => "fit-load";

    public string Summary => "fit the synthetic cloud load to an Azure LLM trace [FILE (default ../shared/data/llm-load/...) --states 4 --window 10 --seed 1]";

    public int Run(CliArgs args)
    {
        var path = args.Positionals.Count > 0 ? args.Positionals[0] : LlmLoadTrace.SharedPath;
        if (!File.Exists(path))
            throw new CliUsageException($"'{path}' not found: pass an Azure LLM inference trace file");
        var states = args.GetInt("states", 4);
        var window = args.GetDouble("window", 10);
        if (states < 1 || !(window > 0))
            throw new CliUsageException("--states must be >= 1 and --window > 0 seconds");
        var real = LlmLoadTrace.Load(path);
        var p = LoadFitter.Fit(real, Path.GetFileName(path), states, window);
        var span = real[^1].ArrivalSeconds;
        var synthetic = SyntheticLoad.Generate(p, span, args.GetInt("seed", 1));
        Console.WriteLine($"method: {p.Method}; window {window} s, {states} states; synthetic = the same span ({span:F0} s), seed {args.GetInt("seed", 1)}.");
        Console.WriteLine($"{"",10} {"requests",9} {"rate/s",8} {"mean prompt",12} {"mean output",12} {"p99 prompt",11}");
        Row("real", real, span);
        Row("synthetic", synthetic, span);
        Console.WriteLine(p.ToJson());
        return 0;
    }

    private static void Row(string name, IReadOnlyList<LoadRequest> r, double span)
    {
        var prompts = r.Select(x => (double)x.PromptTokens).Order().ToArray();
        Console.WriteLine($"{name,10} {r.Count,9} {r.Count / span,8:F2} {prompts.Average(),12:F0} {r.Average(x => x.OutputTokens),12:F0} {prompts[(int)(0.99 * (prompts.Length - 1))],11:F0}");
    }
}
