namespace Splitwise.Contracts;

/// <summary>One sub-block of one layer: e.g. layer 3, attention head group 1.</summary>
public readonly record struct SubBlockId(int Layer, SubBlockKind Kind, int Index)
{
    public override string ToString() => Kind switch
    {
        SubBlockKind.AttentionHeads => $"L{Layer}.attn{Index}",
        SubBlockKind.Ffn => $"L{Layer}.ffn{Index}",
        SubBlockKind.FfnUp => $"L{Layer}.ffn-up{Index}",
        _ => $"L{Layer}.ffn-down{Index}",
    };
}
