using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// Time of one sub-block call on one device: a roofline, max(FLOPs / throughput, bytes / bandwidth), plus a fixed
/// per-call overhead (dispatch, allocation, thread wake-up) that dominates small decode calls.
/// <para>The throughput and bandwidth come from the <see cref="DeviceProfile"/>; <see cref="Efficiency"/> scales
/// them to what kernels of this code reach (calibrated from this machine's <c>bench kernels</c>).</para>
/// </summary>
/// <param name="Device">the device the call runs on.</param>
/// <param name="BytesPerElement">4 for fp32 weights and activations, 2 for fp16.</param>
/// <param name="PerCallOverheadSeconds">fixed cost of one call, seconds.</param>
/// <param name="Efficiency">fraction of the profile's peak throughput and bandwidth that the kernels reach (0, 1].</param>
public sealed record CostModel(DeviceProfile Device, int BytesPerElement = 4, double PerCallOverheadSeconds = 0, double Efficiency = 1)
{
    /// <summary>Seconds for one call doing <paramref name="work"/> (counted at fp32; bytes scale with the element width).</summary>
    public double Seconds(SubBlockWork work)
    {
        var compute = work.Flops / (Device.FlopsPerSecond(BytesPerElement) * Efficiency);
        var bytes = work.Bytes * (BytesPerElement / 4.0);
        var memory = bytes / (Device.BytesPerSecond * Efficiency);
        return Math.Max(compute, memory) + PerCallOverheadSeconds;
    }
}
