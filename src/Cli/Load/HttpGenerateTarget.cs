using System.Runtime.CompilerServices;

namespace Splitwise.Cli.Load;

/// <summary>
/// The edge host's `GET /generate/{model}?prompt=..&amp;tokens=N`, which streams one NDJSON line per token. A non-success
/// status is an error carrying the body (the host answers typed errors as JSON).
/// </summary>
public sealed class HttpGenerateTarget(HttpClient http, string baseUrl, string model) : ILoadTarget
{
    public string Description => $"HTTP GET {baseUrl.TrimEnd('/')}/generate/{model}?prompt=..&tokens=N";

    public string Url(string prompt, int tokens) =>
        $"{baseUrl.TrimEnd('/')}/generate/{Uri.EscapeDataString(model)}?prompt={Uri.EscapeDataString(prompt)}&tokens={tokens}";

    public async IAsyncEnumerable<int> Generate(string prompt, int tokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(Url(prompt, tokens), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var index = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
                yield return index++;
        }
    }
}
