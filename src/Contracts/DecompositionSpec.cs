namespace Splitwise.Contracts;

/// <summary>
/// How every layer is cut: attention into groups of <see cref="KvHeadsPerGroup"/> KV heads (each with
/// its query heads), the FFN into <see cref="FfnSlices"/> column slices of the hidden dimension; with
/// <see cref="SplitFfn"/> each slice is further cut into its W1 part and its W2 part.
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.DecompositionSpec")]
public sealed record DecompositionSpec([property: Id(0)] int KvHeadsPerGroup, [property: Id(1)] int FfnSlices, [property: Id(2)] bool SplitFfn = false)
{
    /// <summary>The fabric's default: 4 head groups and 4 FFN slices per layer.</summary>
    public static DecompositionSpec Default(int nKvHead) => WithHeadGroups(nKvHead, Math.Min(4, nKvHead), 4);

    public static DecompositionSpec WithHeadGroups(int nKvHead, int groups, int ffnSlices, bool splitFfn = false)
    {
        if (groups <= 0 || nKvHead % groups != 0)
            throw new ArgumentException($"{groups} head groups do not divide {nKvHead} KV heads evenly");
        return new DecompositionSpec(nKvHead / groups, ffnSlices, splitFfn);
    }

    public int HeadGroups(int nKvHead) => nKvHead / KvHeadsPerGroup;

    /// <summary>Throws a clear error when this spec cannot cut a model of the given shape.</summary>
    public void Validate(int nKvHead, int dFf)
    {
        if (KvHeadsPerGroup <= 0 || nKvHead % KvHeadsPerGroup != 0)
            throw new ArgumentException($"head group size {KvHeadsPerGroup} does not divide {nKvHead} KV heads");
        if (FfnSlices <= 0 || FfnSlices > dFf)
            throw new ArgumentException($"{FfnSlices} FFN slices is out of range for a hidden size of {dFf}");
    }

    /// <summary>Columns [Start, Start+Count) of the FFN hidden dimension that slice s covers; sizes differ by at most one.</summary>
    public (int Start, int Count) FfnSliceRange(int slice, int dFf)
    {
        var start = (int)((long)slice * dFf / FfnSlices);
        return (start, (int)((long)(slice + 1) * dFf / FfnSlices) - start);
    }

    public IEnumerable<SubBlockId> SubBlocks(int layer, int nKvHead)
    {
        for (var g = 0; g < HeadGroups(nKvHead); g++)
            yield return new SubBlockId(layer, SubBlockKind.AttentionHeads, g);
        for (var s = 0; s < FfnSlices; s++)
        {
            if (SplitFfn)
            {
                yield return new SubBlockId(layer, SubBlockKind.FfnUp, s);
                yield return new SubBlockId(layer, SubBlockKind.FfnDown, s);
            }
            else
            {
                yield return new SubBlockId(layer, SubBlockKind.Ffn, s);
            }
        }
    }
}
