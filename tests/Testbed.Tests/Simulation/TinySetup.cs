using Splitwise.Contracts;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Presets;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

/// <summary>
/// A 2-layer model cut into 2 head groups and 2 FFN slices, small enough to enumerate every plan, with a slow edge
/// (1e-4 of the Pi 5's rates plus 1 ms a call) so that the cloud wins on a fast link and loses on a slow one.
/// </summary>
internal static class TinySetup
{
    public static TransformerShape Shape { get; } = new("llama", 2, 64, 4, 2, 128, 100, 256, NormKind.RmsNorm, 1e-6, FfnKind.SwiGlu, 10000, false);

    public static DecompositionSpec Spec { get; } = new(1, 2);

    public static ExecutionModel Model(string codec = "fp16", double edgeEfficiency = 1e-4, CostModel? cloud = null) => new(Shape, Spec,
        new CostModel(DeviceProfiles.RaspberryPi5, 4, 0.001, edgeEfficiency), cloud ?? new CostModel(DeviceProfiles.CloudA100, 4, 0.0005), codec);

    public static PlanCoster Coster(RouteMode mode = RouteMode.Fabric, string codec = "fp16", CostModel? cloud = null) =>
        new(Model(codec, cloud: cloud), mode, new RequestShape(16, 8));

    /// <summary>A "cloud" as slow as the edge: splitting a stage then pays, because the two tiers' parts run at the same time.</summary>
    public static CostModel SlowCloud => new(DeviceProfiles.RaspberryPi5, 4, 0.001, 1e-4);

    public static PolicyContext Context(PlanCoster? coster = null, Splitwise.Testbed.Devices.DeviceProfile? edge = null)
    {
        coster ??= Coster();
        return new PolicyContext(coster, new EdgeMemoryModel(coster.Model, edge ?? DeviceProfiles.RaspberryPi5, Precision.Fp16, 64));
    }
}
