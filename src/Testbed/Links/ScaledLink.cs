namespace Splitwise.Testbed.Links;

/// <summary>A link model played slower (<paramref name="scale"/> &gt; 1) or faster: its state at t is the inner model's at t / scale.</summary>
public sealed class ScaledLink(ILinkModel inner, double scale) : ILinkModel
{
    public double Scale { get; } = scale > 0 && double.IsFinite(scale) ? scale : throw new ArgumentOutOfRangeException(nameof(scale), scale, "a time scale is positive");

    public string Description => Scale == 1 ? inner.Description : $"{inner.Description}, time x {Scale:G3}";

    public LinkState At(TimeSpan t) => inner.At(t / Scale);
}
