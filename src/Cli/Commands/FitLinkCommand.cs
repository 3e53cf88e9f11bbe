using System.Text.Json;
using Splitwise.Testbed.Synthetic;
using Splitwise.Testbed.Traces;

namespace Splitwise.Cli.Commands;

/// <summary>Fits the shipped synthetic link (Markov-modulated log-normal) to real traces and prints real vs synthetic.</summary>
public sealed class FitLinkCommand : ICliCommand
{
    public string Name => "fit-link";

    public string Summary => "fit the synthetic Markov link to traces";

    public void Declare(CliSpec spec) => spec
        .Arguments("paths", "trace files or folders (default ../shared/data/net)")
        .Int("states", "Markov states (default 8)", min: 1)
        .Int("lags", "autocorrelation lags compared (default 5)", min: 1)
        .Int("seed", "seed (default 1)")
        .Text("out", "fitted model file (default .cache/fitted-link.json)")
        .Json();

    public int Run(CliArgs args)
    {
        var paths = args.Positionals.Count > 0 ? args.Positionals : [DefaultTraceFolder()];
        var states = args.GetInt("states", 8);
        var lags = args.GetInt("lags", 5);
        var seed = args.GetInt("seed", 1);
        var outPath = args.Get("out", Path.Combine(".cache", "fitted-link.json"));
        if (states < 1 || lags < 1)
            throw new CliUsageException("--states and --lags must be >= 1");

        List<TraceLink> traces;
        try
        {
            traces = paths.SelectMany(p => TraceFiles.LoadAll(p)).ToList();
        }
        catch (TraceFormatException e)
        {
            // Program prints CliUsageException without a stack trace; the message already names file and line.
            throw new CliUsageException(e.Message);
        }

        var fittedTo = $"{traces.Count} trace files under {(args.Positionals.Count > 0 ? string.Join(", ", paths) : "../shared/data/net")}";
        var parameters = MarkovLinkFitter.Fit(traces, states, fittedTo);

        var real = traces.Select(t => t.MeasuredCapacity()).ToList();
        // The synthetic side: one series per real trace, of the same length, seeds seed, seed+1, ...
        var synthetic = real.Select((r, i) => MarkovLinkGenerator.Generate(parameters, r.Length, new Random(seed + i)).CapacityMbps).ToList();
        var realStats = LinkStatistics.Of(real, lags);
        var synthStats = LinkStatistics.Of(synthetic, lags);

        Console.WriteLine($"method: {parameters.Method}. Fitted to the measured seconds (capacity = DL_bitrate or the format's rate; "
                          + $"carried-forward idle seconds left out) of {fittedTo}; step {parameters.StepSeconds} s; synthetic = one series per trace of "
                          + $"the same length, seeds {seed}..{seed + real.Count - 1}; statistics pooled over series (autocorrelation never across two).");
        Console.WriteLine($"{"state",-7} {"share",7} {"median Mbit/s",14} {"min..max Mbit/s",18} {"sd(log)",8} {"RTT ms",7}");
        foreach (var s in parameters.States)
            Console.WriteLine($"{s.Name,-7} {s.Share,7:P1} {Math.Exp(s.LogMean),14:F3} {$"{s.MinMbps:G3}..{s.MaxMbps:G4}",18} {s.LogSd,8:F3} {s.MeanRttMs,7:F1}");
        Console.WriteLine($"{"outage",-7} {parameters.OutageShare,7:P1} {0,14:F3} {"0",18} {"-",8} {parameters.OutageRttMs,7:F1}");
        Console.WriteLine("transitions per step (rows: from; columns: " + string.Join(" ", parameters.States.Select(s => s.Name).Append("outage")) + "):");
        foreach (var row in parameters.Transitions)
            Console.WriteLine("  " + string.Join(" ", row.Select(p => $"{p,6:F3}")));
        Console.WriteLine($"AR(1) within a state: {parameters.Ar1:F3}");

        Console.WriteLine($"{"figure",-22} {"real",12} {"synthetic",12}");
        void Row(string name, double r, double s, string format = "F3") => Console.WriteLine($"{name,-22} {r.ToString(format),12} {s.ToString(format),12}");
        Row("samples", realStats.Samples, synthStats.Samples, "F0");
        Row("mean Mbit/s", realStats.MeanMbps, synthStats.MeanMbps);
        Row("variance (Mbit/s)^2", realStats.VarianceMbps2, synthStats.VarianceMbps2, "F1");
        Row("p10 Mbit/s", realStats.P10Mbps, synthStats.P10Mbps);
        Row("p50 Mbit/s", realStats.P50Mbps, synthStats.P50Mbps);
        Row("p90 Mbit/s", realStats.P90Mbps, synthStats.P90Mbps);
        for (var k = 0; k < lags; k++)
            Row($"autocorrelation lag {k + 1}", realStats.Autocorrelation[k], synthStats.Autocorrelation[k]);
        Row("outage rate", realStats.OutageRate, synthStats.OutageRate, "P2");
        Row("mean outage (steps)", realStats.MeanOutageSteps, synthStats.MeanOutageSteps, "F2");

        var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        File.WriteAllText(outPath, parameters.ToJson());
        Console.WriteLine($"parameters written to {outPath}");
        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(new { command = "fit-link", method = parameters.Method, seed, real = realStats, synthetic = synthStats, parameters, parametersFile = outPath }));
        return 0;
    }

    /// <summary>../shared/data/net next to the repository root (the folder holding Splitwise.Orleans.sln).</summary>
    private static string DefaultTraceFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
                    continue;
                var net = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "net"));
                return Directory.Exists(net)
                    ? net
                    : throw new CliUsageException($"no traces given and the default {net} (../shared/data/net next to the repository) does not exist: pass trace files or folders");
            }
        }

        throw new CliUsageException("no traces given and no repository root (Splitwise.Orleans.sln) above the current folder to find ../shared/data/net: pass trace files or folders");
    }
}
