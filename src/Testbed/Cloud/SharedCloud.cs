using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cloud;

/// <summary>
/// This edge as one more tenant of a shared <see cref="BatchedGpu"/> under <see cref="CloudLoad"/>. Its cloud work joins
/// the running batch: a decode step takes the iteration time of the batch with it in it, over the time it would
/// take alone, and waits behind the second's prefills; its prefill runs in an iteration that also carries the batch's
/// decode tokens. It is billed its share of the GPU: an equal share of each decode iteration it is in (our rule, the
/// papers bill nothing), all of its prefill, at <see cref="PricePerGpuHour"/>.
/// </summary>
public sealed class SharedCloud(BatchedGpu gpu, CloudLoad load, Figure pricePerGpuHour)
{
    /// <summary>
    /// AWS EC2 on-demand price of a p4de.24xlarge (8 x A100 80GB SXM), USD 40.96 per hour in us-east-1 (aws.amazon.com/ec2/pricing/on-demand),
    /// per GPU.
    /// </summary>
    public static Figure A100PricePerGpuHour { get; } = Figure.Effective(40.96 / 8, "USD/GPU-h", "AWS EC2 on-demand p4de.24xlarge (8 x A100 80GB), USD 40.96/h, us-east-1, divided by 8");

    public BatchedGpu Gpu => gpu;

    public CloudLoad Load => load;

    public Figure PricePerGpuHour => pricePerGpuHour;

    private int At(long epoch) => (int)(epoch % load.Seconds);

    /// <summary>How much longer a decode step of a tenant with <paramref name="context"/> cached positions takes than alone.</summary>
    public double DecodeSlowdown(long epoch, int context)
    {
        var s = At(epoch);
        var alone = gpu.DecodeStepSeconds(1, context);
        return gpu.DecodeStepSeconds(load.Batch[s] + 1, load.Cached[s] + context) / alone / (1 - load.PrefillShare[s]);
    }

    /// <summary>The share of its solo decode GPU time a tenant is billed: its equal part of the batched iteration.</summary>
    public double DecodeShare(long epoch, int context)
    {
        var s = At(epoch);
        var batch = load.Batch[s] + 1;
        return gpu.DecodeStepSeconds(batch, load.Cached[s] + context) / batch / gpu.DecodeStepSeconds(1, context);
    }

    public double PrefillSlowdown(long epoch, int tokens)
    {
        var s = At(epoch);
        return gpu.PrefillSeconds(tokens + load.Batch[s]) / gpu.PrefillSeconds(tokens) / (1 - load.PrefillShare[s]);
    }

    /// <summary>Last epoch's running batch over the largest in the schedule: what a tenant can observe (the past only).</summary>
    public double ObservedLoad(long epoch) => epoch <= 0 ? 0 : load.Batch[At(epoch - 1)] / _largestBatch;

    private readonly double _largestBatch = Math.Max(1, load.Batch.Max());

    public double Dollars(double gpuSeconds) => gpuSeconds * pricePerGpuHour.Value / 3600;
}
