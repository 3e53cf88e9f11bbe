namespace Splitwise.Testbed.Devices;

/// <summary>How a device figure was obtained: the reader of a result must know which numbers are measured and which are guessed.</summary>
public enum FigureKind
{
    /// <summary>A datasheet maximum (or one computed from datasheet clocks and unit counts); real kernels reach less.</summary>
    Peak,

    /// <summary>A rate or power measured by someone on a real workload (benchmark, paper).</summary>
    Effective,

    /// <summary>Our own estimate from other figures; the Source says how.</summary>
    Estimated,
}

/// <summary>One number of a <see cref="DeviceProfile"/> with its unit, its kind and the public source it comes from.</summary>
public readonly record struct Figure(double Value, string Unit, FigureKind Kind, string Source)
{
    public static Figure Peak(double value, string unit, string source) => new(value, unit, FigureKind.Peak, source);

    public static Figure Effective(double value, string unit, string source) => new(value, unit, FigureKind.Effective, source);

    public static Figure Estimated(double value, string unit, string source) => new(value, unit, FigureKind.Estimated, source);

    public override string ToString() => $"{Value:G4} {Unit} ({Kind.ToString().ToLowerInvariant()}: {Source})";
}
