using System.Diagnostics;
using System.Text;

namespace Splitwise.EdgeHost.Tests.Deployment;

/// <summary>
/// A host run as its own OS process from its built dll (`dotnet Splitwise.X.dll ...`), its output kept for failure
/// messages; killed with its whole process tree on dispose, whatever the test did.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The built dll of a host project for the configuration these tests were built in (src/NAME/bin/CONFIG/net10.0).</summary>
    public static string Dll(string project, string assembly)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var root = Path.GetDirectoryName(Artifacts.Directory)!;
        return Path.Combine(root, "src", project, "bin", configuration, framework.Name, assembly + ".dll");
    }

    public static HostProcess Start(string dll, IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}"));
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>Polls <paramref name="ready"/> until it holds; fails at once if a host exits, or after <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<Task<bool>> ready, TimeSpan timeout, params HostProcess[] hosts)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (hosts.FirstOrDefault(h => h.HasExited) is { } dead)
                throw new InvalidOperationException("a host exited early:\n" + dead.Output);
            try
            {
                if (await ready())
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (clock.Elapsed > timeout)
                throw new TimeoutException($"the fabric was not ready within {timeout.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
