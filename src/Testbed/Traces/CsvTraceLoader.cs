using System.Globalization;

namespace Splitwise.Testbed.Traces;

/// <summary>
/// Reads a plain CSV trace: <c>seconds,mbps[,rtt_ms]</c> per line, times strictly increasing; an optional header line
/// (first field not a number), blank lines and <c>#</c> comments are skipped. mbps 0 = outage; a missing RTT is
/// <see cref="TraceOptions.DefaultRttMs"/>. Each row holds until the next; the last holds for the median gap.
/// </summary>
public static class CsvTraceLoader
{
    /// <summary>Latest time a row may have (about 31 years): later ones are corrupt, and would overflow a TimeSpan.</summary>
    public const double MaxSeconds = 1e9;

    public static TraceLink Load(string path, TraceOptions? options = null) => Parse(path, File.ReadLines(path), options);

    public static TraceLink Parse(string source, IEnumerable<string> lines, TraceOptions? options = null)
    {
        var opts = (options ?? TraceOptions.Default).Validated();
        var samples = new List<TraceSample>();
        var lineNo = 0;
        var sawData = false;
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            if (!sawData && !IsNumber(cells[0]))
            {
                sawData = true; // a header: only the first non-comment line may be one
                continue;
            }

            sawData = true;
            if (cells.Length is < 2 or > 3)
                throw new TraceFormatException(source, lineNo, $"{cells.Length} fields; expected seconds,mbps[,rtt_ms]");
            var seconds = Number(source, lineNo, cells[0], "seconds");
            if (seconds > MaxSeconds)
                throw new TraceFormatException(source, lineNo, $"time {cells[0]} s is beyond {MaxSeconds:G} s");
            var mbps = Number(source, lineNo, cells[1], "mbps");
            var rtt = cells.Length == 3 ? Number(source, lineNo, cells[2], "rtt_ms") : opts.DefaultRttMs;
            if (samples.Count > 0 && seconds <= samples[^1].At.TotalSeconds)
                throw new TraceFormatException(source, lineNo, $"time {seconds} s is not after the previous row's {samples[^1].At.TotalSeconds} s");
            samples.Add(new TraceSample(TimeSpan.FromSeconds(seconds), mbps, rtt, Up: mbps > 0));
        }

        if (samples.Count == 0)
            throw new TraceFormatException(source, 0, "no data rows (expected seconds,mbps[,rtt_ms])");
        var gaps = samples.Zip(samples.Skip(1), (a, b) => b.At - a.At).Order().ToList();
        var period = gaps.Count == 0 ? TimeSpan.FromSeconds(1) : gaps[gaps.Count / 2];
        return new TraceLink(source, samples, period, opts);
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static double Number(string source, int line, string cell, string column) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)
            ? v
            : throw new TraceFormatException(source, line, $"{column} '{cell}' is not a non-negative number");
}
