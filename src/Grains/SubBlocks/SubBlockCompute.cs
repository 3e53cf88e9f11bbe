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
}
