namespace Splitwise.Testbed.Budgets;

/// <summary>
/// The long-term constraints a controller must keep on average (what Lyapunov virtual queues enforce): the edge
/// device's average power (battery drain: J per second, idle included), the cloud spend in USD per hour, and the
/// accuracy given up to the boundary codec, in bits per byte of held-out text over the uncompressed model.
/// Infinity = no budget.
/// </summary>
public sealed record Budgets(double EdgePowerW, double CloudDollarsPerHour, double CodecLossBitsPerByte)
{
    public static Budgets None { get; } = new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);

    /// <summary>Usage over budget for each: 1 = exactly on budget; above 1 = over.</summary>
    public BudgetUsage Usage(double edgeJ, double cloudDollars, double lossBitsPerByte, double seconds) =>
        new(edgeJ / seconds / EdgePowerW, cloudDollars * 3600 / seconds / CloudDollarsPerHour, lossBitsPerByte / CodecLossBitsPerByte);

    public override string ToString() =>
        $"edge <= {F(EdgePowerW)} W, cloud <= {F(CloudDollarsPerHour)} USD/h, codec loss <= {F(CodecLossBitsPerByte)} bits/byte";

    private static string F(double v) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("G3");
}

/// <summary>Each budget's usage over an interval as a share of the budget (0 when the budget is infinite).</summary>
public readonly record struct BudgetUsage(double EdgePower, double CloudSpend, double CodecLoss)
{
    public bool Violated => EdgePower > 1 || CloudSpend > 1 || CodecLoss > 1;
}
