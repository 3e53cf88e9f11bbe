using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using Splitwise.Inference.Tokenizers;

namespace Splitwise.Grains.Models;

/// <summary>
/// One model as a silo serves it: the memory-mapped file, the decomposition the fabric uses for it, and
/// factories for each sub-block's kernel (each reads only its own slice). Shared by the grains of a silo.
/// </summary>
public sealed class FabricModel : IDisposable
{
    private readonly LoadedModel _loaded;
    private readonly ISubBlockWeightReader _reader;
    private readonly Lazy<StageOwnerWeights> _owner;
    private readonly Rotary? _rotary;
    private readonly Lock _readLock = new();

    public FabricModel(string name, LoadedModel loaded, int? headGroups, int ffnSlices)
    {
        Name = name;
        _loaded = loaded;
        _reader = loaded.SubBlocks;
        Shape = loaded.Shape;
        Spec = headGroups is { } g
            ? DecompositionSpec.WithHeadGroups(Shape.NKvHead, g, ffnSlices)
            : DecompositionSpec.Default(Shape.NKvHead) with { FfnSlices = ffnSlices };
        Spec.Validate(Shape.NKvHead, Shape.DFf);
        Dimensions = new ModelDimensions(Shape.NLayer, Shape.NKvHead, Shape.DFf);
        _rotary = Shape.RopeTheta is { } theta ? new Rotary(Shape.HeadDim, Shape.MaxSeqLen, theta) : null;
        _owner = new Lazy<StageOwnerWeights>(() => { lock (_readLock) return new StageOwnerWeights(_reader); });
    }

    public string Name { get; }

    public TransformerShape Shape { get; }

    public DecompositionSpec Spec { get; }

    public ModelDimensions Dimensions { get; }

    public ITextTokenizer Tokenizer => _loaded.Tokenizer;

    /// <summary>Embeddings, norms and LM head for generation sessions (loaded on first use).</summary>
    public StageOwnerWeights Owner => _owner.Value;

    public AttentionHeadGroup HeadGroup(SubBlockId id)
    {
        var size = Spec.KvHeadsPerGroup;
        lock (_readLock)
            return new AttentionHeadGroup(id, _reader.AttentionGroup(id.Layer, id.Index * size, size), size, Shape.QueriesPerKvHead, Shape.HeadDim, _rotary);
    }

    public FfnUpPart FfnUp(SubBlockId id)
    {
        var (start, count) = FfnSlice(id.Index);
        lock (_readLock)
            return new FfnUpPart(id, _reader.FfnIn(id.Layer, start, count), Shape.Ffn);
    }

    public FfnDownPart FfnDown(SubBlockId id)
    {
        var (start, count) = FfnSlice(id.Index);
        lock (_readLock)
            return new FfnDownPart(id, _reader.FfnOut(id.Layer, start, count));
    }

    /// <summary>Columns of the FFN hidden dimension slice s covers: the same cut as <see cref="DecomposedLayer"/>.</summary>
    public (int Start, int Count) FfnSlice(int s) => Spec.FfnSliceRange(s, Shape.DFf);

    public void Dispose()
    {
        if (_owner.IsValueCreated)
            _owner.Value.Dispose();
        _rotary?.Dispose();
        _loaded.Dispose();
    }
}
