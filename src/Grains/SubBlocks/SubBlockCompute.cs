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
    /// A batch of calls as one computation: every fp32 input decoded and stacked by rows, <paramref name="forward"/>
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
            var parts = new Tensor[inputs.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = ActivationCodecs.Fp32.DecodeToTensor(inputs[i]);
                rows[i] = (int)parts[i].shape[0];
            }

            var y = forward(parts.Length == 1 ? parts[0] : cat(parts, 0), rows);
            var outputs = new byte[parts.Length][];
            long offset = 0;
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = ActivationCodecs.Fp32.Encode(y.narrow(0, offset, rows[i]).contiguous());
                offset += rows[i];
            }

            return outputs;
        }, () => work(rows));
    }
}
