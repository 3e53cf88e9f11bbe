using Splitwise.Contracts.Grains;
using Splitwise.Onnx.Runtime;
using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Live;

namespace Splitwise.Cli.Live;

/// <summary>
/// Measures a DynaSplit configuration live: the split runs on the fabric (head grain on the edge silo, tail grain on
/// the cloud silo, real ONNX Runtime with <c>threads</c> intra-op threads, the crossing tensor through the emulated
/// link), then <see cref="LiveCost"/> applies the emulated knobs. Accuracy is the parity proxy: 1 when the output
/// equals the whole model's within 1e-5 and has the same top-1 class, else 0.
/// </summary>
public sealed class FabricSplitMeasurer(
    IGrainFactory grains, string model, LiveSplitSpace split, int threads, FloatTensor input, FloatTensor reference,
    ILinkModel link, Func<TimeSpan> clock, DeviceProfile edgeDevice, double hostToEdge) : IConfigurationMeasurer
{
    public int Runs { get; private set; }

    public double MaxDifference { get; private set; }

    public bool CanMeasure(Configuration configuration) => split.Space.IsValid(configuration);

    public ConfigurationProfile Measure(Configuration configuration, Random random)
    {
        var afterNode = split.AfterNode(configuration);
        var head = grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head(model, afterNode, threads));
        var run = head.Infer(TensorWire.Encode(input)).GetAwaiter().GetResult();
        Runs++;

        var output = TensorWire.Decode(run.Output);
        var difference = output.MaxAbsDifference(reference);
        MaxDifference = Math.Max(MaxDifference, difference);
        var accuracy = difference <= 1e-5f && ArgMax(output) == ArgMax(reference) ? 1.0 : 0.0;

        // The link's own delays, from the emulated link model; whatever else the round trip took is fabric overhead.
        var crossed = run.TailSilo.Length > 0;
        var uplinkMs = crossed ? link.OneWay(clock(), run.CrossingBytes, LinkDirection.Uplink).TotalMilliseconds : 0;
        var downlinkMs = crossed ? Math.Max(0, run.RoundTripMs - run.TailMs - uplinkMs) : 0;
        var (latencyMs, energyJ) = LiveCost.Of(configuration, new LiveRun(run.HeadMs, run.TailMs, uplinkMs, downlinkMs), edgeDevice, hostToEdge);
        return new ConfigurationProfile(configuration, latencyMs, energyJ, accuracy, [latencyMs], [energyJ]);
    }

    private static int ArgMax(FloatTensor tensor) => Array.IndexOf(tensor.Data, tensor.Data.Max());
}
