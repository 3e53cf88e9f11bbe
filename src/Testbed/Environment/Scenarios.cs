namespace Splitwise.Testbed.Environment;

/// <summary>
/// The named scenarios the product ships. Loads and budgets are our choices, stated here, not fitted to make any
/// policy look good: a commuter on a phone (driving link, busy cloud, battery budget), an office desk with an Orin
/// (static link, quiet cloud), rush hour (cloud at 90% of its KV memory, the trace's own bursts), a battery saver
/// (a tight power budget) and a flaky link (the driving evaluation trace with the most outage seconds).
/// Battery budgets: 3 W is a Galaxy S23's 3,900 mAh x 3.88 V = 15 Wh drained in 5 h; 1.5 W in 10 h.
/// Three paper models (gpt2-xl, llama-7b, llama-13b) x three devices (s23, orin-nx, rpi5): any scenario runs with
/// another model or device (<c>with { Model = ..., Device = ... }</c>, `simulate --scenario NAME --model M --device D`).
/// </summary>
public static class Scenarios
{
    private static readonly Budgets.Budgets Int8Loss = new(double.PositiveInfinity, double.PositiveInfinity, 0.002);

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("commuter", "a phone in a car: driving 5G, the cloud at 60% of its KV memory, a 3 W battery budget, USD 0.05/h cloud spend",
            LinkFamily.Driving, false, 0.6, 0.5, Int8Loss with { EdgePowerW = 3, CloudDollarsPerHour = 0.05 }, "s23", "llama-7b"),
        new("office", "an Orin NX on a desk: static 5G, a quiet cloud (10%), no power budget",
            LinkFamily.Static, false, 0.1, 0.3, Int8Loss, "orin-nx", "llama-7b"),
        new("rush-hour", "an Orin NX on static 5G while the cloud runs at 90% of its KV memory with the trace's bursts, USD 0.05/h cloud spend",
            LinkFamily.Static, false, 0.9, 0.5, Int8Loss with { CloudDollarsPerHour = 0.05 }, "orin-nx", "llama-7b"),
        new("battery-saver", "a phone on a 1.5 W budget: driving 5G, the cloud at 30%",
            LinkFamily.Driving, false, 0.3, 0.3, Int8Loss with { EdgePowerW = 1.5 }, "s23", "gpt2-xl"),
        new("flaky-link", "an Orin NX on the driving evaluation trace with the most outages, the cloud at 30%",
            LinkFamily.Driving, true, 0.3, 0.3, Int8Loss, "orin-nx", "llama-7b"),
    ];

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToArray();

    /// <summary>The default scenario (what the shipped learned policy is trained for): commuter.</summary>
    public static Scenario Default => All[0];

    /// <exception cref="ArgumentException">an unknown name; the message lists the known ones.</exception>
    public static Scenario Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown scenario '{name}'; known: {string.Join(", ", Names)}");
}
