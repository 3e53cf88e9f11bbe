using System.Globalization;

namespace Splitwise.Testbed.Traces;

/// <summary>
/// Reads a Mahimahi packet-delivery trace (mahimahi.mit.edu, mm-link): one millisecond timestamp per line, each one
/// delivery opportunity for a 1500-byte packet; the file repeats after its last timestamp. Opportunities are counted
/// per <see cref="TraceOptions.Window"/> into Mbit/s (1 opportunity/ms = 12 Mbit/s); an empty window is an outage.
/// The format has no RTT, so <see cref="TraceOptions.DefaultRttMs"/> applies throughout.
/// </summary>
public static class MahimahiTraceLoader
{
    public const int PacketBytes = 1500;

    /// <summary>Most windows a trace may span (11.6 days at 1 s): a corrupt timestamp must not size the arrays.</summary>
    public const int MaxWindows = 1_000_000;

    public static TraceLink Load(string path, TraceOptions? options = null) => Parse(path, File.ReadLines(path), options);

    public static TraceLink Parse(string source, IEnumerable<string> lines, TraceOptions? options = null)
    {
        var opts = (options ?? TraceOptions.Default).Validated();
        var stamps = new List<long>();
        var lineNo = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                throw new TraceFormatException(source, lineNo, $"'{line}' is not a millisecond timestamp (one non-negative integer per line)");
            if (stamps.Count > 0 && ms < stamps[^1])
                throw new TraceFormatException(source, lineNo, $"timestamp {ms} ms is before the previous one ({stamps[^1]} ms)");
            stamps.Add(ms);
        }

        if (stamps.Count == 0)
            throw new TraceFormatException(source, 0, "no timestamps");
        // Mahimahi's period is the last timestamp (at least 1 ms); windows cover [0, period).
        var periodMs = Math.Max(1, stamps[^1]);
        var windowMs = opts.Window.TotalMilliseconds;
        if (Math.Ceiling(periodMs / windowMs) > MaxWindows)
            throw new TraceFormatException(source, lineNo, $"the last timestamp, {stamps[^1]} ms, spans over {MaxWindows} windows of {windowMs} ms (a corrupt timestamp?)");
        var windows = (int)Math.Ceiling(periodMs / windowMs);
        var counts = new int[windows];
        // The last stamp is both the period's end and an opportunity; mm-link replays it at the start of the next pass.
        foreach (var ms in stamps)
            counts[(int)((ms % periodMs) / windowMs)]++;

        var samples = new TraceSample[windows];
        for (var w = 0; w < windows; w++)
        {
            // The last window may be shorter than the others: rate over its real length.
            var length = Math.Min(windowMs, periodMs - w * windowMs);
            var mbps = counts[w] * PacketBytes * 8 / (length * 1e3);
            samples[w] = new TraceSample(TimeSpan.FromMilliseconds(w * windowMs), mbps, opts.DefaultRttMs, Up: mbps > 0);
        }

        return new TraceLink(source, samples, opts.Window, opts);
    }
}
