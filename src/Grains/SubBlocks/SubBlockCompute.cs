using Splitwise.Contracts;
using Splitwise.Grains.Devices;
using Splitwise.Inference.Codecs;
using Splitwise.Testbed.Cost;
using static TorchSharp.torch;

namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// One sub-block call's compute, the same for the grain and for the safe plan's in-session copy: decode the fp32
/// payload, run the kernel on <paramref name="tier"/>'s (possibly emulated) device, encode the result;
/// <paramref name="work"/> counts it from the input's shape, and only when a device is emulated.
/// </summary>
public static class SubBlockCompute
{
    public static Task<byte[]> Run(DeviceEmulator device, Tier tier, byte[] input, Func<Tensor, Tensor> forward, Func<long[], SubBlockWork> work)
    {
        long[] shape = [];
        return device.Run(tier, () =>
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var x = ActivationCodecs.Fp32.DecodeToTensor(input);
            shape = x.shape;
            return ActivationCodecs.Fp32.Encode(forward(x).contiguous());
        }, () => work(shape));
    }

    /// <summary>
    /// A batch of calls as one computation: the fp32 inputs stacked by rows (<see cref="Fp32Rows"/>), <paramref name="forward"/>
    /// run once over the stack (it is told each call's rows), the output split back by rows and encoded per call.
    /// The device emulation charges the batch once, for <paramref name="work"/> of the rows it ran.
    /// </summary>
    public static Task<byte[][]> RunBatch(DeviceEmulator device, Tier tier, IReadOnlyList<byte[]> inputs,
        Func<Tensor, IReadOnlyList<int>, Tensor> forward, Func<IReadOnlyList<int>, SubBlockWork> work)
    {
        var rows = new int[inputs.Count];
        return device.Run(tier, () =>
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var x = Fp32Rows.Stack(inputs, rows);
            return Fp32Rows.Split(forward(x, rows), rows);
        }, () => work(rows));
    }
}
