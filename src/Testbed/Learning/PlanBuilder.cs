using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// Turns a hierarchical action (<see cref="ActionSpace"/>) into a <see cref="PartitionPlan"/> through the
/// <see cref="PolicyContext"/> (one plan object per distinct layout and codec). Plans that do not fit the edge memory
/// are <b>repaired</b>, not masked: the edge part is shortened from its deepest layer (that layer goes wholly to the
/// cloud) until the edge bytes (<see cref="EdgeMemoryModel.Bytes"/>, an upper bound per stage) fit the edge's budget, so
/// every plan it returns is one the environment accepts. If any layer splits its FFN, every FFN stage is written in the
/// split form (the plan's decomposition splits all or none), so the layout equals <see cref="PlanLayout.From"/> of the plan.
/// Repeated actions return the cached plan without allocating (a key of the repaired action, hashed, then compared).
/// </summary>
public sealed class PlanBuilder
{
    private readonly PolicyContext _context;
    private readonly int _layers, _groups, _slices;
    private readonly long[] _layerBytes;
    private readonly byte[] _key;
    private readonly Dictionary<ulong, (byte[] Key, PartitionPlan Plan, int EdgeLayers)> _plans = [];

    public PlanBuilder(PolicyContext context)
    {
        _context = context;
        var m = context.Model;
        (_layers, _groups, _slices) = (m.Shape.NLayer, m.HeadGroups, m.FfnSlices);
        _layerBytes = new long[_layers];
        _key = new byte[2 + 2 * _layers];
    }

    public int Layers => _layers;

    public int HeadGroups => _groups;

    /// <summary>Distinct plans built so far.</summary>
    public int Cached => _plans.Count;

    /// <param name="offload">high level: the offload bucket.</param>
    /// <param name="codec">high level: index in <see cref="ActionSpace.Codecs"/>.</param>
    /// <param name="attention">low level, per layer: attention bucket (layers of the cloud part ignored).</param>
    /// <param name="ffn">low level, per layer: FFN mode (layers of the cloud part ignored).</param>
    /// <param name="edgeLayers">the edge part after the memory repair (at most the action's).</param>
    public PartitionPlan Build(int offload, int codec, ReadOnlySpan<byte> attention, ReadOnlySpan<byte> ffn, out int edgeLayers)
    {
        if (attention.Length < _layers || ffn.Length < _layers)
            throw new ArgumentException($"{_layers} layers need {_layers} attention and FFN choices, got {attention.Length} and {ffn.Length}");
        if (codec < 0 || codec >= ActionSpace.Codecs.Count)
            throw new ArgumentOutOfRangeException(nameof(codec), codec, $"a codec index is in [0, {ActionSpace.Codecs.Count})");
        var e = ActionSpace.EdgeLayers(offload, _layers);
        var memory = _context.Memory;
        long total = 0;
        for (var l = 0; l < e; l++)
        {
            if (attention[l] >= ActionSpace.AttentionBuckets || ffn[l] >= ActionSpace.FfnModes)
                throw new ArgumentOutOfRangeException(nameof(attention), $"layer {l}: attention bucket {attention[l]} or FFN mode {ffn[l]} is out of range");
            _layerBytes[l] = memory.Bytes(Attention(attention[l])) + memory.Bytes(Ffn(ffn[l], false));
            total += _layerBytes[l];
        }

        // The repair: drop edge layers from the deepest until the edge part fits.
        while (e > 0 && total > memory.BudgetBytes)
            total -= _layerBytes[--e];
        edgeLayers = e;
        var split = false;
        _key[0] = (byte)e;
        _key[1] = (byte)codec;
        for (var l = 0; l < _layers; l++)
        {
            var (a, f) = l < e ? (attention[l], ffn[l]) : ((byte)0, (byte)FfnMode.Cloud);
            split |= f == (byte)FfnMode.Split;
            (_key[2 + 2 * l], _key[3 + 2 * l]) = (a, f);
        }

        var hash = Hash(_key);
        if (_plans.TryGetValue(hash, out var known) && known.Key.AsSpan().SequenceEqual(_key))
            return known.Plan;
        var stages = new StageLayout[2 * _layers];
        for (var l = 0; l < _layers; l++)
        {
            stages[2 * l] = Attention(_key[2 + 2 * l]);
            stages[2 * l + 1] = Ffn(_key[3 + 2 * l], split);
        }

        var plan = _context.PlanOf(new PlanLayout(stages), ActionSpace.Codecs[codec]);
        LayoutMemo.MakeRoom(_plans);
        _plans[hash] = ((byte[])_key.Clone(), plan, e);
        return plan;
    }

    private StageLayout Attention(byte bucket)
    {
        var k = ActionSpace.EdgeGroups(bucket, _groups);
        return StageLayout.Whole(StageKind.Attention, k, _groups - k);
    }

    private StageLayout Ffn(byte mode, bool split) => ((FfnMode)mode, split) switch
    {
        (FfnMode.Edge, false) => StageLayout.Whole(StageKind.Ffn, _slices, 0),
        (FfnMode.Cloud, false) => StageLayout.Whole(StageKind.Ffn, 0, _slices),
        (FfnMode.Edge, true) => new StageLayout(StageKind.Ffn, true, _slices, 0, 0, 0),
        (FfnMode.Cloud, true) => new StageLayout(StageKind.Ffn, true, 0, 0, 0, _slices),
        _ => new StageLayout(StageKind.Ffn, true, 0, _slices, 0, 0),
    };

    /// <summary>FNV-1a, 64 bits.</summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes)
            h = (h ^ b) * 1099511628211UL;
        return h;
    }
}
