using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Presets;
using Splitwise.Testbed.Simulation;
using Splitwise.Testbed.Synthetic;
using Splitwise.Testbed.Traces;

namespace Splitwise.Cli.Commands;

/// <summary>The options of `simulate`, parsed and checked, and the setup they describe.</summary>
public sealed record SimulateOptions(
    string Model, string Device, string Cloud, string Trace, IReadOnlyList<string> Policies, int Requests, double ArrivalRate,
    string? ArrivalsFile, int Seed, double EpochSeconds, string Codec, RouteMode Route, double UplinkRatio,
    (int Min, int Max) Prompt, (int Min, int Max) Output, string? PlotsDirectory, int MaxQueue, int OracleHorizon)
{
    public static SimulateOptions Parse(CliArgs a)
    {
        var route = a.Get("route", "fabric").ToLowerInvariant() switch
        {
            "fabric" => RouteMode.Fabric,
            var r => throw new CliUsageException($"--route: '{r}' is not fabric (the simulator costs the live fabric's route only)"),
        };
        var requests = a.GetInt("requests", 10_000);
        if (requests <= 0)
            throw new CliUsageException($"--requests must be positive, got {requests}");
        return new SimulateOptions(a.Get("model", "llama-7b"), a.Get("device", "rpi5"), a.Get("cloud", "a100"), a.Get("trace", "synthetic"),
            PolicyCatalog.Parse(a.Get("policies", "all")), requests, a.GetDouble("arrival-rate", 0.04), a.Get("arrivals"), a.GetInt("seed", 1),
            a.GetDouble("epoch", 1), a.Get("codec", "int8"), route, a.GetDouble("uplink-ratio", 1.0),
            Range(a, "prompt", (32, 512)), Range(a, "output", (32, 256)), a.Get("plots"), a.GetInt("max-queue", 200), a.GetInt("oracle-horizon", 0));
    }

    public string WorkloadDescription => ArrivalsFile is { } f
        ? $"replayed from {f}"
        : $"Poisson {ArrivalRate:G3}/s, prompt uniform {Prompt.Min}-{Prompt.Max}, output uniform {Output.Min}-{Output.Max} tokens, seed {Seed}";

    public SimulationSetup Build()
    {
        var requests = ArrivalsFile is { } file
            ? ArrivalFile.Load(file)
            : WorkloadGenerator.Poisson(Requests, ArrivalRate, Prompt, Output, Seed);
        return new SimulationSetup(Model, Device, Cloud, Link(requests), requests, Codec, Precision.Fp16, new SimulationOptions(EpochSeconds, Route, MaxQueue: MaxQueue),
            oracleHorizonEpochs: OracleHorizon);
    }

    private ILinkModel Link(IReadOnlyList<RequestSpec> requests)
    {
        if (string.Equals(Trace, "synthetic", StringComparison.OrdinalIgnoreCase))
        {
            // One day of 1 s steps, looping: longer than any correlation in the fitted model.
            return SyntheticLink.Default(Seed, TimeSpan.FromDays(1), UplinkRatio);
        }

        if (!File.Exists(Trace))
            throw new CliUsageException($"--trace: '{Trace}' is neither 'synthetic' nor an existing trace file");
        return TraceFiles.Load(Trace, new TraceOptions(UplinkRatio: UplinkRatio, Loop: true));
    }

    private static (int Min, int Max) Range(CliArgs a, string name, (int, int) fallback)
    {
        if (a.Get(name) is not { } raw)
            return fallback;
        var parts = raw.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var lo) && int.TryParse(parts[1], out var hi) && lo >= 1 && hi >= lo)
            return (lo, hi);
        if (parts.Length == 1 && int.TryParse(parts[0], out var n) && n >= 1)
            return (n, n);
        throw new CliUsageException($"--{name}: '{raw}' is not N or MIN-MAX tokens (1 <= MIN <= MAX)");
    }
}
