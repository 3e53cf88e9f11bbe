using System.Globalization;

namespace Splitwise.Testbed;

/// <summary>
/// The minimal CSV the DynaSplit files use: a header line, comma-separated fields, no quoting.
/// Columns are found by header name so that extra or reordered columns are fine; a missing one is
/// an error naming it. Every parse error carries the 1-based line number.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string name, Dictionary<string, int> columns, List<(int Line, string[] Fields)> rows)
    {
        Name = name;
        _columns = columns;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public static CsvTable Parse(TextReader reader, string name, params string[] requiredColumns)
    {
        var header = reader.ReadLine() ?? throw new TestbedFormatException(name, 1, "file is empty (no header line)");
        var names = header.Split(',').Select(h => h.Trim()).ToArray();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            columns.TryAdd(names[i], i);
        foreach (var required in requiredColumns)
        {
            if (!columns.ContainsKey(required))
                throw new TestbedFormatException(name, 1, $"missing column '{required}' (header has: {string.Join(", ", names)})");
        }

        var rows = new List<(int, string[])>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            var fields = line.Split(',');
            if (fields.Length != names.Length)
                throw new TestbedFormatException(name, lineNumber, $"has {fields.Length} fields, the header has {names.Length}");
            rows.Add((lineNumber, fields));
        }

        return new CsvTable(name, columns, rows);
    }

    public bool HasColumn(string column) => _columns.ContainsKey(column);

    public string Text((int Line, string[] Fields) row, string column) => row.Fields[_columns[column]].Trim();

    public double Number((int Line, string[] Fields) row, string column)
    {
        var text = Text(row, column);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new TestbedFormatException(Name, row.Line, $"column '{column}': '{text}' is not a number");
        return value;
    }

    /// <summary>An integer that the files may write as a float (`22.0`).</summary>
    public int Integer((int Line, string[] Fields) row, string column)
    {
        var value = Number(row, column);
        if (value != Math.Floor(value) || Math.Abs(value) > int.MaxValue)
            throw new TestbedFormatException(Name, row.Line, $"column '{column}': '{Text(row, column)}' is not a whole number");
        return (int)value;
    }

    public bool Boolean((int Line, string[] Fields) row, string column)
    {
        var text = Text(row, column);
        return text.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new TestbedFormatException(Name, row.Line, $"column '{column}': '{text}' is not True/False"),
        };
    }
}
