using System.Net;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// Without an API key the gateway answers anyone who reaches it, so it listens on loopback only: a configured
/// URL on another interface (0.0.0.0, *, a LAN address) is moved to 127.0.0.1 on the same port, and said so.
/// </summary>
public static class LoopbackBinding
{
    public static string[] Restrict(string urls, Action<string> say)
    {
        var result = new List<string>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parsed = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
            if (parsed.IsLoopback)
            {
                result.Add(url);
                continue;
            }

            var loopback = $"{parsed.Scheme}://{IPAddress.Loopback}:{parsed.Port}";
            say($"warning: {ApiKeyGuard.ConfigKey} is not set, so the gateway listens on loopback only: {url} -> {loopback}");
            result.Add(loopback);
        }

        return [.. result];
    }
}
