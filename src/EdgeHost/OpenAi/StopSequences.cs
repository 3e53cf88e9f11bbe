namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// Cuts generated text at the first stop sequence, streaming-safe: text that could still be the start of a
/// stop sequence is held back until the next token tells, so a client never sees part of one.
/// </summary>
public sealed class StopSequences(IReadOnlyList<string> stops)
{
    private string _held = "";

    public bool Stopped { get; private set; }

    /// <summary>Takes one token's text; returns what may be sent now.</summary>
    public string Push(string text)
    {
        if (Stopped)
            return "";
        var pending = _held + text;
        var cut = stops.Select(s => pending.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (cut >= 0)
        {
            Stopped = true;
            _held = "";
            return pending[..cut];
        }

        var hold = stops.Select(s => LongestPrefixAtEnd(pending, s)).DefaultIfEmpty(0).Max();
        _held = pending[^hold..];
        return pending[..^hold];
    }

    /// <summary>At the end of the generation, what was held back was not a stop sequence after all.</summary>
    public string Flush()
    {
        var rest = _held;
        _held = "";
        return rest;
    }

    private static int LongestPrefixAtEnd(string text, string stop)
    {
        for (var n = Math.Min(stop.Length - 1, text.Length); n > 0; n--)
        {
            if (text.AsSpan(text.Length - n).SequenceEqual(stop.AsSpan(0, n)))
                return n;
        }

        return 0;
    }
}
