namespace Splitwise.Testbed.Links;

/// <summary>
/// The edge-cloud link over time (constant, a piecewise schedule, a real trace or a synthetic one).
/// Time is measured from the start of the experiment; a model is a pure function of it.
/// </summary>
public interface ILinkModel
{
    /// <summary>Human-readable: what drives this link and where its numbers come from.</summary>
    string Description { get; }

    LinkState At(TimeSpan t);
}
