using System.Globalization;
using Splitwise.Cli.Bench;
using Splitwise.Cli.Load;
using Splitwise.Testbed.Load;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `splitwise fit-load`: fits the one synthetic LLM workload (<see cref="SyntheticLoadModel"/>) to the Azure trace
/// (../shared/data/llm-load) and prints the real trace and a synthetic one of the same size side by side; `--out`
/// writes the fit as C# (the shipped src/Testbed/Load/FittedLlmLoad.cs, which loadtest and the world's cloud load use).
/// </summary>
public sealed class FitLoadCommand : ICliCommand
{
    public string Name => "fit-load";

    public string Summary => "fit the synthetic LLM workload (loadtest, the world's cloud load) to the llm-load trace; real vs synthetic side by side";

    public void Declare(CliSpec spec) => spec
        .Text("trace", "the trace CSV (default ../shared/data/llm-load/AzureLLMInferenceTrace_conv.csv)")
        .Int("seed", "seed of the synthetic sample (default 1)")
        .Double("window", "seconds per rate window of the fit (default 30)", min: 1)
        .Text("out", "write the fit as C# here (the shipped one: src/Testbed/Load/FittedLlmLoad.cs)")
        .Json();

    public int Run(CliArgs args)
    {
        var path = args.Get("trace") ?? LlmLoadTrace.Locate()
            ?? throw new CliUsageException($"--trace not given and no ../shared/data/llm-load/{LlmLoadTrace.FileName} next to the repository root");
        var real = LlmLoadTrace.Read(path);
        var seed = args.GetInt("seed", 1);
        var model = SyntheticLoadModel.Fit(real, $"{LlmLoadTrace.FileName} ({real.Count} requests)", args.GetDouble("window", 30));
        var synthetic = model.Generate(real.Count, seed);
        var (r, s) = (LoadStatistics.Of(real), LoadStatistics.Of(synthetic));
        BenchOutput.PrintMethod($"fit-load: {path}; {model.WindowSeconds:G} s windows, log-rate mean {F(model.LogRateMean)} sd {F(model.LogRateSd)} " +
                                $"lag-1 autocorrelation {F(model.LogRateAutocorrelation)}; synthetic: {real.Count} requests, seed {seed}");
        Console.WriteLine($"{"",-28} {"real",12} {"synthetic",12}");
        Row("requests", r.Requests, s.Requests);
        Row("duration s", r.DurationSeconds, s.DurationSeconds);
        Row("mean rate /s", r.MeanRate, s.MeanRate);
        Row("inter-arrival mean s", r.InterArrivalMean, s.InterArrivalMean);
        Row("inter-arrival CV", r.InterArrivalCv, s.InterArrivalCv);
        Quantiles("inter-arrival", r.InterArrivalQuantiles, s.InterArrivalQuantiles);
        Row("dispersion of counts, 1 s", r.Idc1, s.Idc1);
        Row("dispersion of counts, 10 s", r.Idc10, s.Idc10);
        Row("dispersion of counts, 60 s", r.Idc60, s.Idc60);
        Row("prompt tokens mean", r.PromptMean, s.PromptMean);
        Quantiles("prompt tokens", r.PromptQuantiles, s.PromptQuantiles);
        Row("output tokens mean", r.OutputMean, s.OutputMean);
        Quantiles("output tokens", r.OutputQuantiles, s.OutputQuantiles);
        if (args.Get("out") is { } outPath)
        {
            File.WriteAllText(outPath, FittedLoadSource.Write(model, $"splitwise fit-load --seed {seed} --out {outPath}"));
            Console.WriteLine($"fit written to {outPath}");
        }

        if (args.Json)
            BenchOutput.PrintJson(new { command = "fit-load", trace = path, model, real = r, synthetic = s });
        return 0;
    }

    private static void Row(string name, double real, double synthetic) =>
        Console.WriteLine($"{name,-28} {F(real),12} {F(synthetic),12}");

    private static void Quantiles(string name, double[] real, double[] synthetic)
    {
        for (var i = 0; i < LoadStatistics.Probabilities.Length; i++)
            Row($"{name} p{LoadStatistics.Probabilities[i] * 100:0}", real[i], synthetic[i]);
    }

    private static string F(double x) => x.ToString(Math.Abs(x) >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
