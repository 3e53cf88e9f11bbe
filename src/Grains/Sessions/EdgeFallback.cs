using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Models;
using Splitwise.Planning.Recovery;
using Splitwise.Testbed.Presets;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// A session's safe plan: every sub-block on the edge, computed in the session's activation
/// (<see cref="LocalSubBlock"/>), so that no call crosses the link. Entered by replaying the session's tokens from
/// position 0 (its KV caches are rebuilt here); left when the policy's plan answers again.
/// </summary>
public sealed class EdgeFallback(FabricModel model, DeviceEmulator device) : IDisposable
{
    private readonly Dictionary<SubBlockId, LocalSubBlock> _subBlocks = [];

    /// <summary>The all-edge plan this fallback runs.</summary>
    public PartitionPlan Plan { get; } = PartitionPlans.AllOn(Tier.Edge, model.Dimensions, model.Spec);

    /// <summary>The session's position when it took this plan: the policy's sub-blocks hold the tokens before it.</summary>
    public int Since { get; init; }

    /// <summary>Positions of the session these caches hold (0 until the replay).</summary>
    public int Forwarded { get; set; }

    /// <summary>Tokens generated on this plan.</summary>
    public int Tokens { get; set; }

    public ISubBlockGrain SubBlock(SubBlockId id)
    {
        if (!_subBlocks.TryGetValue(id, out var sub))
            _subBlocks[id] = sub = new LocalSubBlock(model, id, device);
        return sub;
    }

    /// <summary>
    /// Whether the whole model and one session's KV caches for the full context fit <paramref name="options"/>'
    /// edge memory (else the emulated device's; unbounded when neither is set), and the figures as words.
    /// </summary>
    public static (bool Fits, string Why) Fits(FabricModel model, RecoveryOptions options, DeviceEmulator device)
    {
        var available = options.EdgeMemoryBytes ?? device.Stretch?.Device.MemoryBytes;
        var required = EdgeMemoryCheck.Required(model.Shape, model.Spec, EdgeMemoryCheck.All(model.Shape, model.Spec), Precision.Fp32, model.Shape.MaxSeqLen);
        return available is not { } bytes
            ? (true, "no edge memory limit is set")
            : (required.TotalBytes <= bytes, $"'{model.Name}' needs {required.TotalBytes} bytes on the edge ({required}); the edge has {bytes}");
    }

    public void Dispose()
    {
        foreach (var sub in _subBlocks.Values)
            sub.Dispose();
        _subBlocks.Clear();
    }
}
