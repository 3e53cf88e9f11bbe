using Splitwise.Contracts;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// The edge's memory as planners see it: what stays whatever the plan (session weights, layer norms), the bytes each
/// kind of unit adds when placed on the edge (a head group with its KV cache for <see cref="ContextTokens"/>), and the
/// exact check of a whole layout by <see cref="EdgeMemoryCheck"/>.
/// </summary>
public sealed class EdgeMemoryModel
{
    private readonly ExecutionModel _model;
    private readonly Dictionary<PlanLayout, MemoryFit> _fits = [];

    public EdgeMemoryModel(ExecutionModel model, DeviceProfile edge, Precision precision, int contextTokens)
    {
        (_model, Edge, Precision, ContextTokens) = (model, edge, precision, contextTokens);
        var s = model.Shape;
        var fixedBytes = EdgeMemoryCheck.Required(s, model.Spec, [], precision, contextTokens);
        BudgetBytes = edge.MemoryBytes - fixedBytes.TotalBytes;
        var widest = Enumerable.Range(0, model.FfnSlices).MaxBy(i => SubBlockMemory.FfnSliceWidth(s, i, model.FfnSlices));
        AttentionGroupBytes = SubBlockMemory.Bytes(SubBlockMemory.AttentionGroupParams(s, model.Spec.KvHeadsPerGroup), precision)
                              + SubBlockMemory.KvBytesPerToken(s, model.Spec.KvHeadsPerGroup, precision) * contextTokens;
        var width = SubBlockMemory.FfnSliceWidth(s, widest, model.FfnSlices);
        FfnUpBytes = SubBlockMemory.Bytes(SubBlockMemory.FfnUpParams(s, width), precision);
        FfnDownBytes = SubBlockMemory.Bytes(SubBlockMemory.FfnDownParams(s, width), precision);
    }

    public DeviceProfile Edge { get; }

    public Precision Precision { get; }

    public int ContextTokens { get; }

    /// <summary>Bytes left for edge sub-blocks once the plan-independent part is loaded (negative: nothing fits).</summary>
    public long BudgetBytes { get; }

    public long AttentionGroupBytes { get; }

    public long FfnUpBytes { get; }

    public long FfnDownBytes { get; }

    /// <summary>Upper bound of the edge bytes a stage layout adds (slices counted at the widest slice).</summary>
    public long Bytes(StageLayout s) => s.Kind == StageKind.Attention
        ? s.EdgeEdge * AttentionGroupBytes
        : s.UpOn(Tier.Edge) * FfnUpBytes + s.DownOn(Tier.Edge) * FfnDownBytes;

    public MemoryFit Check(PlanLayout layout)
    {
        if (!_fits.TryGetValue(layout, out var fit))
        {
            // A layout that splits an FFN is checked under the split decomposition (its W1/W2 sub-blocks exist only there).
            var spec = _model.Spec with { SplitFfn = _model.Spec.SplitFfn || layout.Stages.Any(s => s.Kind == StageKind.Ffn && s.Split) };
            fit = EdgeMemoryCheck.Check(_model.Shape, spec, layout.EdgeSubBlocks(spec, _model.Shape.NKvHead),
                Precision, Edge, ContextTokens);
            LayoutMemo.MakeRoom(_fits);
            _fits[layout] = fit;
        }

        return fit;
    }
}
