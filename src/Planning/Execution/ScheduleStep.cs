using Splitwise.Contracts;

namespace Splitwise.Planning.Execution;

/// <summary>One step of a token's pass, run by (or from) <see cref="Tier"/>.</summary>
public abstract record ScheduleStep(Tier Tier);

/// <summary>The token embedding, on the session's tier.</summary>
public sealed record EmbedStep(Tier Tier) : ScheduleStep(Tier);

/// <summary>Final norm and LM head of the last position, on the session's tier.</summary>
public sealed record HeadStep(Tier Tier) : ScheduleStep(Tier);

/// <summary>
/// A run of stages wholly on the far <see cref="ScheduleStep.Tier"/>: one call there with the residual (<see cref="Up"/>),
/// which runs <see cref="Inner"/> homed on that tier and returns the residual (<see cref="Down"/>).
/// </summary>
public sealed record FarRunStep(Tier Tier, int FirstStage, int LastStage, Payload Up, Payload Down, IReadOnlyList<ScheduleStep> Inner) : ScheduleStep(Tier);

/// <summary>
/// One layer stage run from <see cref="ScheduleStep.Tier"/>: its norm and sum there, <see cref="Fronts"/> in flight
/// together, each of <see cref="Backs"/> sent when its front returns (split FFN only); the stage ends when all are back.
/// </summary>
public sealed record StageStep(Tier Tier, int Stage, IReadOnlyList<SubBlockCall> Fronts, IReadOnlyList<SubBlockCall> Backs) : ScheduleStep(Tier)
{
    public int Layer => StageNumbering.Layer(Stage);

    public bool Attention => StageNumbering.IsAttention(Stage);
}
