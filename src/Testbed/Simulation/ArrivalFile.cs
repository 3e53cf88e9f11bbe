using System.Globalization;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Requests recorded in a CSV file, one per line: <c>arrival_seconds,prompt_tokens,output_tokens</c>; a header line
/// and lines starting with # are skipped. Arrivals must not go back in time.
/// </summary>
public static class ArrivalFile
{
    /// <exception cref="TestbedFormatException">a line that is not three numbers, or arrivals out of order.</exception>
    public static IReadOnlyList<RequestSpec> Load(string path)
    {
        var requests = new List<RequestSpec>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (lineNumber == 1 && char.IsLetter(line[0])))
                continue;
            var cells = line.Split(',');
            if (cells.Length != 3
                || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var at) || !(at >= 0) || !double.IsFinite(at)
                || !int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var prompt) || prompt < 1
                || !int.TryParse(cells[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var output) || output < 1)
                throw new TestbedFormatException(path, lineNumber, $"expected arrival_seconds >= 0, prompt_tokens >= 1, output_tokens >= 1; got '{line}'");
            if (requests.Count > 0 && at < requests[^1].ArrivalSeconds)
                throw new TestbedFormatException(path, lineNumber, $"arrival {at} s is before the previous one ({requests[^1].ArrivalSeconds} s)");
            requests.Add(new RequestSpec(requests.Count, at, prompt, output));
        }

        if (requests.Count == 0)
            throw new TestbedFormatException(path, lineNumber, "no requests in the file");
        return requests;
    }
}
