namespace Splitwise.Planning.DynaSplit;

/// <summary>Where a configuration runs the model: all in the cloud, split, or all on the edge.</summary>
public enum Placement
{
    Cloud,
    Split,
    Edge,
}
