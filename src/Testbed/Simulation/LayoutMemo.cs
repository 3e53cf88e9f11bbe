namespace Splitwise.Testbed.Simulation;

/// <summary>
/// How many layouts a memo keyed by layout keeps before it starts over. The baselines and evaluations meet a handful of
/// layouts; training explores a new one almost every decision, and unbounded memos grew a training run by about 50 MB
/// a second until the machine's memory was gone. The memos hold pure results, so starting over changes no figure.
/// </summary>
public static class LayoutMemo
{
    public const int Capacity = 128;

    public static void MakeRoom<TKey, TValue>(Dictionary<TKey, TValue> memo) where TKey : notnull
    {
        if (memo.Count >= Capacity)
            memo.Clear();
    }
}
