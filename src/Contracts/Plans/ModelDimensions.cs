namespace Splitwise.Contracts.Plans;

/// <summary>What a plan must agree with about a model: its layer count, KV heads and FFN hidden size.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.ModelDimensions")]
public sealed record ModelDimensions([property: Id(0)] int Layers, [property: Id(1)] int KvHeads, [property: Id(2)] int FfnHidden);
