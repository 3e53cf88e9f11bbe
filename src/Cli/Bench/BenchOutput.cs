using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitwise.Cli.Bench;

/// <summary>Shared printing for the benchmarks: the method header, options and the final JSON line.</summary>
public static class BenchOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The thread count every figure was taken with: --threads, else all logical cores.</summary>
    public static int SetThreads(CliArgs args)
    {
        var threads = args.GetInt("threads", Environment.ProcessorCount);
        if (threads <= 0)
            throw new CliUsageException($"--threads must be positive, got {threads}");
        TorchSharp.torch.set_num_threads(threads);
        return threads;
    }

    public static IReadOnlyList<int>? IntList(CliArgs args, string name)
    {
        if (args.Get(name) is not { } raw)
            return null;
        try
        {
            return raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new CliUsageException($"--{name}: '{raw}' is not a comma-separated list of integers");
        }
    }

    public static void PrintMethod(string text)
    {
        foreach (var line in text.Split('\n'))
            Console.WriteLine($"# {line}");
    }

    /// <summary>Always the last line of standard output.</summary>
    public static void PrintJson(object figures) => Console.WriteLine(JsonSerializer.Serialize(figures, JsonOptions));

    public static string F(double value, int decimals = 3) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
