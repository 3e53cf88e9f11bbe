using System.Diagnostics;
using System.Globalization;

namespace Splitwise.Cli.Load;

/// <summary>
/// Resident memory over a load test, once a second: this process (with --embedded, the harness and both silos) and,
/// given --watch-pid, a host under test (VmRSS from /proc/PID/status; null where that cannot be read).
/// </summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<(double Seconds, double SelfMb, double? WatchedMb)> _samples = [];

    public RssSampler(Stopwatch clock, int? watchPid)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                lock (_samples)
                    _samples.Add((clock.Elapsed.TotalSeconds, SelfMb(), watchPid is { } pid ? ProcMb(pid) : null));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result));
        });
    }

    public IReadOnlyList<(double Seconds, double SelfMb, double? WatchedMb)> Samples
    {
        get
        {
            lock (_samples)
                return _samples.ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static double SelfMb()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1048576.0;
    }

    private static double? ProcMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
