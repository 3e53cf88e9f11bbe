using Splitwise.Contracts;

namespace Splitwise.Planning.Execution;

/// <summary>
/// The one numbering of a token's layer stages: two per layer, 2l = the attention of layer l, 2l + 1 its FFN. Every
/// other place (the session, stage-run calls, the simulator's layouts) asks here.
/// </summary>
public static class StageNumbering
{
    public static int Count(int layers) => 2 * layers;

    public static int Of(SubBlockId id) => Of(id.Layer, id.Kind == SubBlockKind.AttentionHeads);

    public static int Of(int layer, bool attention) => 2 * layer + (attention ? 0 : 1);

    public static int Layer(int stage) => stage / 2;

    public static bool IsAttention(int stage) => stage % 2 == 0;
}
