namespace Splitwise.EdgeHost;

/// <summary>
/// Writes items as NDJSON lines, flushed one by one. A failure before the first line propagates (the caller answers
/// with a status and a typed body); one after it ends the stream with an <see cref="HttpError.Line"/>, since the
/// status is already sent and a cut connection would tell the client nothing.
/// </summary>
public static class Ndjson
{
    public static async Task Stream<T>(HttpResponse response, IAsyncEnumerable<T> items, Func<T, string> line, CancellationToken ct)
    {
        try
        {
            await foreach (var item in items.WithCancellation(ct))
            {
                await response.WriteAsync(line(item) + "\n", ct);
                await response.Body.FlushAsync(ct);
            }
        }
        catch (Exception e) when (response.HasStarted && !ct.IsCancellationRequested)
        {
            await response.WriteAsync(HttpError.From(e).Line() + "\n", CancellationToken.None);
            await response.Body.FlushAsync(CancellationToken.None);
        }
    }
}
