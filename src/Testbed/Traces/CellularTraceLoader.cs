using System.Globalization;

namespace Splitwise.Testbed.Traces;

/// <summary>
/// Reads the 5G/LTE dataset of Raca et al. (MMSys 2020) as kept in ../shared/data/net/5g-download (see its README).
/// Capacity(t) = DL_bitrate (kbit/s) of the seconds the phone was downloading; RTT(t) = the last PINGAVG seen, the first
/// one back-filled to the start; DL_bitrate 0 while downloading = outage. Rows sharing a timestamp second are averaged.
/// Seconds where the phone was not downloading (State I, or V = video only) measured nothing about capacity: the last
/// measured capacity is carried forward and the sample is marked unmeasured. State VD (video + download, seen in two
/// driving files although the README lists only D and I) counts as downloading.
/// </summary>
public static class CellularTraceLoader
{
    public const string TimestampFormat = "yyyy.MM.dd_HH.mm.ss";

    public static TraceLink Load(string path, TraceOptions? options = null) => Parse(path, File.ReadLines(path), options);

    public static TraceLink Parse(string source, IEnumerable<string> lines, TraceOptions? options = null)
    {
        var opts = (options ?? TraceOptions.Default).Validated();
        var rows = ReadRows(source, lines);
        if (rows.Count == 0)
            throw new TraceFormatException(source, 0, "no data rows after the header");

        var firstPing = rows.FirstOrDefault(r => r.PingMs is not null).PingMs ?? opts.DefaultRttMs;
        var firstCapacity = rows.FirstOrDefault(r => r.Downloading).Kbps / 1000.0;
        var samples = new List<TraceSample>();
        double rtt = firstPing, lastCapacity = firstCapacity;
        foreach (var second in rows.GroupBy(r => r.Second))
        {
            foreach (var r in second)
                rtt = r.PingMs ?? rtt;
            var downloading = second.Where(r => r.Downloading).ToList();
            var at = TimeSpan.FromSeconds(second.Key - rows[0].Second);
            if (downloading.Count == 0)
            {
                samples.Add(new TraceSample(at, lastCapacity, rtt, Up: lastCapacity > 0, Measured: false));
                continue;
            }

            var mbps = downloading.Average(r => r.Kbps) / 1000.0;
            lastCapacity = mbps;
            samples.Add(new TraceSample(at, mbps, rtt, Up: mbps > 0));
        }

        return new TraceLink(source, samples, TimeSpan.FromSeconds(1), opts);
    }

    private readonly record struct Row(long Second, bool Downloading, double Kbps, double? PingMs);

    private static List<Row> ReadRows(string source, IEnumerable<string> lines)
    {
        var rows = new List<Row>();
        int lineNo = 0, iTime = -1, iState = -1, iDl = -1, iPing = -1, width = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            var cells = line.Split(',');
            if (iTime < 0)
            {
                int Col(string name) => Array.IndexOf(cells, name) is var i and >= 0
                    ? i
                    : throw new TraceFormatException(source, lineNo, $"header lacks column '{name}' (expected the 5G dataset's Timestamp,...,State,DL_bitrate,...,PINGAVG)");
                (iTime, iState, iDl, iPing, width) = (Col("Timestamp"), Col("State"), Col("DL_bitrate"), Col("PINGAVG"), cells.Length);
                continue;
            }

            if (cells.Length != width)
                throw new TraceFormatException(source, lineNo, $"{cells.Length} fields, the header has {width}");
            if (!DateTime.TryParseExact(cells[iTime], TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                throw new TraceFormatException(source, lineNo, $"Timestamp '{cells[iTime]}' is not {TimestampFormat}");
            var second = time.Ticks / TimeSpan.TicksPerSecond;
            if (rows.Count > 0 && second < rows[^1].Second)
                throw new TraceFormatException(source, lineNo, $"Timestamp {cells[iTime]} goes back in time");
            var downloading = cells[iState] switch
            {
                "D" or "VD" => true,
                "I" or "V" => false,
                var s => throw new TraceFormatException(source, lineNo, $"State '{s}' is not D, I, V or VD"),
            };
            if (!double.TryParse(cells[iDl], NumberStyles.Float, CultureInfo.InvariantCulture, out var kbps) || !(kbps >= 0) || !double.IsFinite(kbps))
                throw new TraceFormatException(source, lineNo, $"DL_bitrate '{cells[iDl]}' is not a non-negative number");
            double? ping = null;
            if (cells[iPing] != "-")
            {
                if (!double.TryParse(cells[iPing], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !(p >= 0) || !double.IsFinite(p))
                    throw new TraceFormatException(source, lineNo, $"PINGAVG '{cells[iPing]}' is neither '-' nor a non-negative number");
                ping = p;
            }

            rows.Add(new Row(second, downloading, kbps, ping));
        }

        if (iTime < 0)
            throw new TraceFormatException(source, 0, "empty file: no header");
        return rows;
    }
}
