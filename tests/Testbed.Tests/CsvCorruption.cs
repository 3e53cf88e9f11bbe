namespace Splitwise.Testbed.Tests;

/// <summary>
/// Seeded corruptions of a CSV file's lines for the bad-input corpus tests (the pool and the link traces): each returns
/// what it did and the corrupted lines. The kinds a test draws from are its own; the draws depend only on the generator.
/// </summary>
public static class CsvCorruption
{
    public enum Kind
    {
        Cut,
        GarbageCell,
        DropColumn,
        DropFirstLine,
        SwapLines,
        DuplicateLine,
    }

    public static (string What, List<string> Lines) Corrupt(IReadOnlyList<string> original, Random random, IReadOnlyList<string> garbage, IReadOnlyList<Kind> kinds)
    {
        var lines = original.ToList();
        var row = 1 + random.Next(lines.Count - 1);
        switch (kinds[random.Next(kinds.Count)])
        {
            case Kind.Cut:
                var text = string.Join('\n', lines);
                var cut = random.Next(text.Length);
                return ($"cut at {cut}", text[..cut].Split('\n').ToList());
            case Kind.GarbageCell:
                var cells = lines[row].Split(',');
                var column = random.Next(cells.Length);
                cells[column] = garbage[random.Next(garbage.Count)];
                lines[row] = string.Join(',', cells);
                return ($"line {row + 1} cell {column} = '{cells[column]}'", lines);
            case Kind.DropColumn:
                var drop = random.Next(lines[0].Split(',').Length);
                return ($"column {drop} removed", lines.Select(l => string.Join(',', l.Split(',').Where((_, k) => k != drop))).ToList());
            case Kind.SwapLines:
                var other = 1 + random.Next(lines.Count - 1);
                (lines[row], lines[other]) = (lines[other], lines[row]);
                return ($"lines {row + 1} and {other + 1} swapped", lines);
            case Kind.DuplicateLine:
                lines.Insert(row, lines[row]);
                return ($"line {row + 1} twice", lines);
            default:
                lines.RemoveAt(0);
                return ("first line dropped", lines);
        }
    }
}
