using Splitwise.Testbed.Cloud;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// What the drift-plus-penalty controller needs beyond the cost model: the long-term budgets, the epoch length, the
/// cloud price it is billed (a dedicated GPU's: it is blind to the other tenants) and the codec's accuracy loss, and V.
/// </summary>
public sealed record LyapunovSettings(Budgets.Budgets Budgets, double EpochSeconds, double CodecLossBitsPerByte, double V = 1, bool QueueTerm = true)
{
    public double PricePerGpuHour { get; init; } = SharedCloud.A100PricePerGpuHour.Value;

    /// <summary>Also try uniform head-group/FFN-slice mixes per layer, not only layer cuts.</summary>
    public bool Mixes { get; init; }
}
