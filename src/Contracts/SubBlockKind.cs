namespace Splitwise.Contracts;

/// <summary>The kinds of sub-block one transformer layer is cut into.</summary>
public enum SubBlockKind
{
    /// <summary>A contiguous set of KV heads with their query heads, holding its own KV cache.</summary>
    AttentionHeads = 0,

    /// <summary>A column slice of the FFN hidden dimension: up-projection, activation and down-projection.</summary>
    Ffn = 1,

    /// <summary>Splitwise's split mode, first half: the W1 (up / gate) part; its output is the intermediate activation.</summary>
    FfnUp = 2,

    /// <summary>Splitwise's split mode, second half: the W2 (down) part, fed by the intermediate activation.</summary>
    FfnDown = 3,
}
