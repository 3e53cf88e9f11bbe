using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Splitwise.Cli.Bench;

/// <summary>
/// The fabric deployed as OS processes for `bench chaos --processes`: a redis-server (membership, plan, sessions and
/// checkpoints), the cloud silo and the edge host from their built dlls, on fixed loopback ports so that a killed host
/// restarts on its own addresses (its dead clone then leaves membership at once). Kill is SIGKILL of the process tree.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    private readonly string _edgeDll;
    private readonly string _cloudDll;
    private readonly int _port;
    private readonly string[] _common;
    private Process? _redis;
    private Host? _cloud;
    private Host? _edge;

    private ChaosCluster(string edgeDll, string cloudDll, int port, string[] common)
    {
        (_edgeDll, _cloudDll, _port, _common) = (edgeDll, cloudDll, port, common);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 3}"), Timeout = TimeSpan.FromSeconds(120) };
    }

    /// <summary>The edge host's gateway.</summary>
    public HttpClient Http { get; }

    /// <summary>The built host dlls beside this repository (src/EdgeHost, src/Silo; this binary's configuration).</summary>
    public static (string Edge, string Cloud) LocateDlls()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var dir = framework; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
            {
                string Dll(string project, string assembly) => Path.Combine(dir.FullName, "src", project, "bin", framework.Parent!.Name, framework.Name, assembly + ".dll");
                return (Dll("EdgeHost", "Splitwise.EdgeHost"), Dll("Silo", "Splitwise.Silo"));
            }
        }

        throw new CliUsageException("the repository root (Splitwise.Orleans.sln) is not above this binary: give --edge-dll and --cloud-dll");
    }

    /// <summary>Starts redis-server on port+6, the cloud silo on port..port+2 and the edge host on port+3..port+5 with <paramref name="fabricArgs"/>.</summary>
    public static async Task<ChaosCluster> Start(string edgeDll, string cloudDll, int port, IEnumerable<string> fabricArgs)
    {
        foreach (var dll in new[] { edgeDll, cloudDll })
        {
            if (!File.Exists(dll))
                throw new CliUsageException($"{dll} is not built: dotnet build src/EdgeHost -c Release && dotnet build src/Silo -c Release");
        }

        var redisPort = port + 6;
        string[] common = ["--Fabric:Clustering", "Redis", "--Fabric:Redis:ConnectionString", $"127.0.0.1:{redisPort}",
            "--Fabric:ClusterId", "chaos-" + Guid.NewGuid().ToString("N")[..8], "--Logging:LogLevel:Default", "Warning", .. fabricArgs];
        var cluster = new ChaosCluster(edgeDll, cloudDll, port, common);
        cluster._redis = StartRedis(redisPort);
        await cluster.Until(async () => await Listening(redisPort), TimeSpan.FromSeconds(10), "redis-server");
        cluster._cloud = cluster.StartCloud();
        cluster._edge = cluster.StartEdge();
        return cluster;
    }

    /// <summary>Polls until <paramref name="ready"/> holds; fails if a host exits or after <paramref name="timeout"/>.</summary>
    public async Task Until(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var host in new[] { _cloud, _edge })
            {
                if (host is { Process.HasExited: true })
                    throw new InvalidOperationException($"the {host.Name} exited:\n{host.Tail()}");
            }

            try
            {
                if (await ready())
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
            {
                // not listening yet
            }

            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{what} not ready within {timeout.TotalSeconds} s\n--- cloud:\n{_cloud?.Tail()}\n--- edge:\n{_edge?.Tail()}");
            await Task.Delay(200);
        }
    }

    public async Task WaitForEdge() =>
        await Until(async () => (await Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(120), "the edge host");

    public void KillCloud()
    {
        _cloud!.Kill();
        _cloud = StartCloud();
    }

    public void KillEdge()
    {
        _edge!.Kill();
        _edge = StartEdge();
    }

    public bool CloudAlive => _cloud is { Process.HasExited: false };

    public async ValueTask DisposeAsync()
    {
        _edge?.Kill();
        _cloud?.Kill();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }

        _redis?.Dispose();
        Http.Dispose();
    }

    private Host StartCloud() => Host.Start("cloud silo", _cloudDll, [.. _common, "--urls", $"http://127.0.0.1:{_port}", "--Fabric:SiloPort", $"{_port + 1}", "--Fabric:GatewayPort", $"{_port + 2}"]);

    private Host StartEdge() => Host.Start("edge host", _edgeDll, [.. _common, "--urls", $"http://127.0.0.1:{_port + 3}", "--Fabric:SiloPort", $"{_port + 4}", "--Fabric:GatewayPort", $"{_port + 5}"]);

    private static Process StartRedis(int port)
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            start.ArgumentList.Add(arg);
        try
        {
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliUsageException($"redis-server could not start ({e.Message}): bash scripts/setup-redis.sh installs it");
        }
    }

    private static async Task<bool> Listening(int port)
    {
        using var probe = new TcpClient();
        await probe.ConnectAsync(IPAddress.Loopback, port);
        return true;
    }

    // One host process, its output's last lines kept for failure messages.
    private sealed class Host(string name, Process process)
    {
        private readonly Queue<string> _tail = new();

        public string Name => name;

        public Process Process => process;

        public static Host Start(string name, string dll, IEnumerable<string> args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            var host = new Host(name, Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}"));
            host.Process.OutputDataReceived += (_, e) => host.Keep(e.Data);
            host.Process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
            host.Process.BeginOutputReadLine();
            host.Process.BeginErrorReadLine();
            return host;
        }

        public void Kill()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }

            Process.Dispose();
        }

        public string Tail()
        {
            lock (_tail)
                return string.Join('\n', _tail);
        }

        private void Keep(string? line)
        {
            if (line is null)
                return;
            lock (_tail)
            {
                _tail.Enqueue(line);
                while (_tail.Count > 40)
                    _tail.Dequeue();
            }
        }
    }
}
