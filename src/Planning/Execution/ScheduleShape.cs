namespace Splitwise.Planning.Execution;

/// <summary>What the schedule needs of a model: its layers, KV heads, residual width and FFN hidden width.</summary>
public sealed record ScheduleShape(int Layers, int KvHeads, int DModel, int FfnHidden);
