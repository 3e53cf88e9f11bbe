using Splitwise.Testbed.Cloud;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Load;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Tests.Environment;

public class SharedCloudTests
{
    private static readonly BatchedGpu Gpu = new(DeviceProfiles.CloudA100, ModelPresets.Llama7B);

    [Fact]
    public void A_decode_step_is_memory_bound_and_grows_with_the_batch_while_a_prefill_is_compute_bound()
    {
        // Alone with an empty cache: the weights read once at the profile's bandwidth.
        Assert.Equal(Gpu.WeightBytes / DeviceProfiles.CloudA100.BytesPerSecond, Gpu.DecodeStepSeconds(1, 0), 12);
        Assert.True(Gpu.DecodeStepSeconds(32, 32 * 1000) > 1.5 * Gpu.DecodeStepSeconds(1, 1000));
        // Per request, batching is far cheaper: the weights are shared.
        Assert.True(Gpu.DecodeStepSeconds(32, 32 * 1000) / 32 < 0.2 * Gpu.DecodeStepSeconds(1, 1000));
        Assert.Equal(2 * Gpu.PrefillSeconds(2000), Gpu.PrefillSeconds(4000), 9);
        Assert.InRange(Gpu.Parameters, 6.5e9, 7e9);
        Assert.InRange(Gpu.MaxBatch(1000), 50, 200);
    }

    [Fact]
    public void Replay_reaches_the_requested_utilisation_and_a_busier_cloud_slows_and_shares_more()
    {
        var workload = FittedLlmLoad.Model.GenerateFor(1200, seed: 3);
        var quiet = CloudLoad.AtUtilisation(Gpu, workload, 0.2, 1200, "synthetic");
        var busy = CloudLoad.AtUtilisation(Gpu, workload, 0.8, 1200, "synthetic");
        Assert.InRange(quiet.Utilisation, 0.17, 0.23);
        Assert.InRange(busy.Utilisation, 0.75, 0.85);
        Assert.True(busy.Batch.Average() > 2 * quiet.Batch.Average());
        double Slowdown(CloudLoad l) => Enumerable.Range(0, 1200).Average(e => new SharedCloud(Gpu, l, SharedCloud.A100PricePerGpuHour).DecodeSlowdown(e, 300));
        Assert.True(Slowdown(busy) > Slowdown(quiet));
        Assert.True(Slowdown(quiet) >= 1);
        var idle = new SharedCloud(Gpu, CloudLoad.Idle(), SharedCloud.A100PricePerGpuHour);
        Assert.Equal(1, idle.DecodeSlowdown(0, 300), 12);
        Assert.Equal(1, idle.DecodeShare(0, 300), 12);
        Assert.True(new SharedCloud(Gpu, busy, SharedCloud.A100PricePerGpuHour).DecodeShare(10, 300) < 0.5);
        Assert.Equal(40.96 / 8, idle.Dollars(3600), 9);
    }
}
