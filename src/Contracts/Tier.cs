namespace Splitwise.Contracts;

/// <summary>Where a sub-block runs: on the edge device or in the cloud.</summary>
public enum Tier
{
    Edge = 0,
    Cloud = 1,
}
