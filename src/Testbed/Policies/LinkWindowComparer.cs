using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Policies;

/// <summary>Equal windows of link states give the oracle equal answers, so windows are compared element by element.</summary>
public sealed class LinkWindowComparer : IEqualityComparer<LinkState[]>
{
    public static LinkWindowComparer Instance { get; } = new();

    public bool Equals(LinkState[]? x, LinkState[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(LinkState[] window)
    {
        var hash = new HashCode();
        foreach (var state in window)
            hash.Add(state);
        return hash.ToHashCode();
    }
}
