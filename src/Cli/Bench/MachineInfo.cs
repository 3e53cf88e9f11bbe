using System.Runtime.InteropServices;

namespace Splitwise.Cli.Bench;

/// <summary>What a benchmark ran on, printed with its method and stored next to its figures.</summary>
public sealed record MachineInfo(int ProcessorCount, int TorchThreads, string Os, string Runtime, string TorchSharpVersion, DateTime StartedUtc)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        global::TorchSharp.torch.get_num_threads(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        typeof(global::TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        DateTime.UtcNow);

    public override string ToString() =>
        $"{ProcessorCount} logical cores, {TorchThreads} torch threads, {Os}, {Runtime}, TorchSharp {TorchSharpVersion}, started {StartedUtc:u}";
}
