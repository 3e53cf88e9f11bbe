namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// One DynaSplit configuration (May et al., 2024, section 3): the split layer (layers before it run on
/// the edge; 0 = everything in the cloud, the model's last layer = everything on the edge) and the
/// hardware knobs chosen with it.
/// </summary>
/// <param name="SplitLayer">split point; 0 means cloud only.</param>
/// <param name="CpuFrequencyMHz">edge CPU frequency.</param>
/// <param name="EdgeAccelerator">edge accelerator mode as the testbed names it (`off`, `std`, `max` for the Coral TPU).</param>
/// <param name="CloudAccelerator">true when the cloud side runs on its GPU.</param>
public readonly record struct Configuration(int SplitLayer, int CpuFrequencyMHz, string EdgeAccelerator, bool CloudAccelerator)
{
    public const string AcceleratorOff = "off";

    /// <summary>Whether moving from <paramref name="other"/> to this configuration changes a hardware knob.</summary>
    public bool HardwareDiffers(Configuration other) =>
        CpuFrequencyMHz != other.CpuFrequencyMHz
        || !string.Equals(EdgeAccelerator, other.EdgeAccelerator, StringComparison.Ordinal)
        || CloudAccelerator != other.CloudAccelerator;

    public override string ToString() =>
        $"layer {SplitLayer}, cpu {CpuFrequencyMHz} MHz, edge-acc {EdgeAccelerator}, cloud-gpu {(CloudAccelerator ? "on" : "off")}";
}
