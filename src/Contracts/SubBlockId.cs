namespace Splitwise.Contracts;

/// <summary>One sub-block of one layer: e.g. layer 3, attention head group 1.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.SubBlockId")]
public readonly record struct SubBlockId([property: Id(0)] int Layer, [property: Id(1)] SubBlockKind Kind, [property: Id(2)] int Index)
{
    public override string ToString() => Kind switch
    {
        SubBlockKind.AttentionHeads => $"L{Layer}.attn{Index}",
        SubBlockKind.Ffn => $"L{Layer}.ffn{Index}",
        SubBlockKind.FfnUp => $"L{Layer}.ffn-up{Index}",
        _ => $"L{Layer}.ffn-down{Index}",
    };
}
