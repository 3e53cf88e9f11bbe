using System.Globalization;
using System.Text;
using System.Text.Json;
using Splitwise.Cli.Commands;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>The dynasplit commands on a small synthetic pool in the paper's format (not the paper's data).</summary>
public sealed class DynasplitCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasplit-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Layers 0..3 (3 = edge only), 600/1800 MHz, TPU off/max, GPU on/off; 1-3 runs per configuration.</summary>
    private (string Pool, string Thresholds) WriteInputs()
    {
        var pool = new StringBuilder("accuracy,latency,energy,cpu-freq,layer,edge-accelerator,server-accelerator\n");
        foreach (var layer in new[] { 0, 1, 2, 3 })
        foreach (var mhz in new[] { 600, 1800 })
        foreach (var tpu in new[] { "off", "max" })
        foreach (var gpu in new[] { true, false })
        {
            if ((layer == 0 && tpu != "off") || (layer == 3 && gpu))
                continue;
            var latency = 100 + 60 * layer - mhz / 60.0 - (tpu == "max" ? 20 : 0) - (gpu ? 10 : 0);
            var energy = 70 - 20 * layer + mhz / 300.0 + (gpu ? 3 : 0);
            for (var run = 0; run < 1 + (layer + mhz / 600) % 3; run++)
                pool.AppendLine(string.Create(CultureInfo.InvariantCulture, $"0.6,{latency * (1 + 0.05 * run)},{energy + run * 0.1},{mhz}.0,{layer}.0,{tpu},{(gpu ? "True" : "False")}"));
        }

        var thresholds = new StringBuilder("index,threshold_ms\n");
        for (var i = 0; i < 200; i++)
            thresholds.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{i},{60 + (i * 37 % 200) * 1.5}"));
        var poolPath = Path.Combine(_dir, "pool.csv");
        var thresholdsPath = Path.Combine(_dir, "thresholds.csv");
        File.WriteAllText(poolPath, pool.ToString());
        File.WriteAllText(thresholdsPath, thresholds.ToString());
        return (poolPath, thresholdsPath);
    }

    /// <summary>"simulate --pool ..." to the `dynasplit simulate` command, parsed by its own declaration.</summary>
    private static int Dynasplit(string[] args)
    {
        ICliCommand command = args[0] switch
        {
            "search" => new DynasplitSearchCommand(),
            "replay" => new DynasplitReplayCommand(),
            _ => new DynasplitSimulateCommand(),
        };
        return command.Run(CliApp.Parse(command, args[1..]));
    }

    private static (int Code, JsonElement Json) Run(params string[] args)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var code = Dynasplit(args);
            var last = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            return (code, JsonDocument.Parse(last).RootElement);
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public void Simulate_Seeds_PrintsBothStrategiesPerSeed_OnAnyPoolInTheFormat()
    {
        var (pool, thresholds) = WriteInputs();
        var (code, json) = Run("simulate", "--pool", pool, "--thresholds", thresholds, "--budget", "0.5", "--robust-reserve", "4",
            "--seeds", "3", "--json");
        Assert.Equal(0, code);
        Assert.Equal(3, json.GetProperty("seeds").GetInt32());
        var perSeed = json.GetProperty("perSeed").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], perSeed.Select(s => s.GetProperty("seed").GetInt32()));
        Assert.All(perSeed, s =>
        {
            foreach (var strategy in new[] { "dynasplit", "dynasplitRobust" })
            {
                var f = s.GetProperty(strategy);
                Assert.Equal(200, f.GetProperty("met").GetInt32() + f.GetProperty("violations").GetInt32());
                Assert.Equal(200, f.GetProperty("cloud").GetInt32() + f.GetProperty("split").GetInt32() + f.GetProperty("edge").GetInt32());
            }
        });
        var robust = json.GetProperty("dynasplitRobust");
        Assert.True(robust.GetProperty("metPercentMin").GetDouble() <= robust.GetProperty("metPercentMean").GetDouble());
        Assert.InRange(json.GetProperty("boundMaxMetPercent").GetDouble(), 0.5, 100); // the pool's share any scheduler could expect to meet
        Assert.Throws<CliUsageException>(() => Run("simulate", "--pool", pool, "--thresholds", thresholds, "--seeds", "2", "--target", "150"));
    }

    [Fact]
    public void Simulate_OneSeed_ReportsEveryStrategy_AndSearchWritesOursWithinTheBudget()
    {
        var (pool, thresholds) = WriteInputs();
        var (code, json) = Run("simulate", "--pool", pool, "--thresholds", thresholds, "--budget", "0.5", "--robust-reserve", "4", "--rerun-noise", "--json");
        Assert.Equal(0, code);
        var names = json.GetProperty("strategies").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["dynasplit", "dynasplit-robust", "cloud-only", "edge-only", "fixed-lowest-energy", "fixed-fastest"], names);

        var front = Path.Combine(_dir, "ours.json");
        var (searchCode, search) = Run("search", "--pool", pool, "--budget", "0.5", "--reserve", "4", "--out", front, "--json");
        Assert.Equal(0, searchCode);
        var budget = search.GetProperty("budget").GetInt32();
        var measured = JsonDocument.Parse(File.ReadAllText(front)).RootElement.GetProperty("measured").EnumerateArray()
            .Sum(p => p.GetProperty("latencySamplesMs").GetArrayLength());
        Assert.Equal(budget, measured);
    }

    [Fact]
    public void Simulate_TrialNoise_IsNamedInTheMethodAndJson_AndExcludesRerunNoise()
    {
        var (pool, thresholds) = WriteInputs();
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Dynasplit(["simulate", "--pool", pool, "--thresholds", thresholds, "--budget", "0.5",
                "--robust-reserve", "4", "--trial-noise", "--json"]));
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("method:", lines[0]);
        Assert.Contains("EMULATED --trial-noise", lines[0]);
        Assert.Equal("trial-noise", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("emulation").GetString());
        Assert.Throws<CliUsageException>(() => Run("simulate", "--pool", pool, "--thresholds", thresholds, "--trial-noise", "--rerun-noise"));
        Assert.Throws<CliUsageException>(() => Run("simulate", "--pool", pool, "--thresholds", thresholds, "--iid-trials"));
    }

    [Fact]
    public void Simulate_Seeds_CanStartAtAnotherSeed_ForHeldOutChecks()
    {
        var (pool, thresholds) = WriteInputs();
        var (code, json) = Run("simulate", "--pool", pool, "--thresholds", thresholds, "--budget", "0.5", "--robust-reserve", "4",
            "--seeds", "2", "--first-seed", "7", "--miss-cost-j", "150", "--json");
        Assert.Equal(0, code);
        Assert.Equal([7, 8], json.GetProperty("perSeed").EnumerateArray().Select(s => s.GetProperty("seed").GetInt32()));
    }

    [Fact]
    public void A_pool_without_an_accuracy_column_is_accepted_with_accuracy_unknown()
    {
        // The shape of the authors' ViT pool: no accuracy column.
        var (withAccuracy, thresholds) = WriteInputs();
        var pool = Path.Combine(_dir, "pool-no-accuracy.csv");
        File.WriteAllLines(pool, File.ReadAllLines(withAccuracy).Select(line => line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        Assert.StartsWith("latency,energy,", File.ReadAllLines(pool)[0]);

        var front = Path.Combine(_dir, "front-no-accuracy.json");
        var (searchCode, search) = Run("search", "--pool", pool, "--budget", "0.5", "--out", front, "--json");
        Assert.Equal(0, searchCode);
        Assert.True(search.GetProperty("front").GetInt32() >= 1);
        var members = JsonDocument.Parse(File.ReadAllText(front)).RootElement.GetProperty("front").EnumerateArray().ToList();
        Assert.All(members, m => Assert.Equal("NaN", m.GetProperty("accuracy").GetString()));

        var (code, json) = Run("simulate", "--pool", pool, "--thresholds", thresholds, "--front", front, "--budget", "0.5", "--robust-reserve", "4", "--json");
        Assert.Equal(0, code);
        Assert.Equal(6, json.GetProperty("strategies").EnumerateObject().Count());
    }
}
