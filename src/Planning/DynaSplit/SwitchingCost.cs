namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// Time to move the testbed from one hardware configuration to another (CPU governor frequency,
/// Coral TPU mode, cloud GPU on/off) before a request can run.
/// </summary>
public static class SwitchingCost
{
    /// <summary>
    /// ~137 ms: the median reconfiguration overhead May et al. (arXiv:2410.23881) report for applying a
    /// new configuration in the online phase. Provenance caveat: this figure comes from the task brief;
    /// it is NOT in ../shared/data/dynasplit (README or CSVs), and the paper text was not reachable from
    /// this machine, so its exact definition (which knobs, median over what) is unverified. It is a
    /// parameter everywhere it is used.
    /// </summary>
    public const double PaperMedianMs = 137.0;

    /// <summary>The delay a request pays when its configuration differs in hardware from the one applied.</summary>
    public static double DelayMs(Configuration? current, Configuration next, double switchCostMs) =>
        current is { } c && c.HardwareDiffers(next) ? switchCostMs : 0.0;
}
