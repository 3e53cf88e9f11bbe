namespace Splitwise.Contracts.Clustering;

/// <summary>How the fabric's silos and clients find each other.</summary>
public enum ClusteringMode
{
    /// <summary>One machine: the edge silo is the primary silo and holds the membership table in memory.</summary>
    Localhost,

    /// <summary>The membership table lives in Redis, so silos and clients on several machines join one cluster.</summary>
    Redis,
}
