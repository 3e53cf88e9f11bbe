using Splitwise.Contracts;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Seconds of one call of each unit kind on each tier for one shape of call (T new tokens after C cached), and the
/// bytes of the activations that may cross: what a stage costs is arithmetic on these, so they are computed once.
/// </summary>
public sealed class UnitTimes
{
    internal UnitTimes(int tokens, int cached) => (Tokens, Cached) = (tokens, cached);

    public int Tokens { get; }

    public int Cached { get; }

    internal double[] Attention { get; } = new double[2];

    internal double[] Slice { get; } = new double[2];

    internal double[] Up { get; } = new double[2];

    internal double[] Down { get; } = new double[2];

    /// <summary>Half a layer's glue (one norm and one sum), charged to each of its two stages.</summary>
    internal double[] Glue { get; } = new double[2];

    /// <summary>Embedding lookup plus final norm and LM head: the ends of a token's path.</summary>
    internal double[] Ends { get; } = new double[2];

    /// <summary>Bytes of a [T, d_model] activation in the plan's codec (normed input, partial sum, residual).</summary>
    public long ResidualBytes { get; internal set; }

    public double UpTime(StageLayout s, Tier t) => s.Kind == StageKind.Attention ? Attention[(int)t] : s.Split ? Up[(int)t] : Slice[(int)t];

    public double DownTime(StageLayout s, Tier t) => s.Kind == StageKind.Ffn && s.Split ? Down[(int)t] : 0;
}
