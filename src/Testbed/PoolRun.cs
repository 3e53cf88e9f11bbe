using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>One recorded inference run of the DynaSplit testbed: a configuration and what it cost end to end.</summary>
/// <param name="LatencyMs">end-to-end latency (edge + transfer + cloud).</param>
/// <param name="EnergyJ">edge + cloud energy of the request.</param>
/// <param name="Accuracy">top-1 accuracy of the configuration over the 1000-image ImageNet subset; NaN when the pool does not record it.</param>
public sealed record PoolRun(Configuration Configuration, double LatencyMs, double EnergyJ, double Accuracy, int Line);
