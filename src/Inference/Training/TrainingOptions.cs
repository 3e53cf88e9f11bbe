namespace Splitwise.Inference.Training;

/// <summary>
/// Adam with linear warm-up then cosine decay from <see cref="MaxLr"/> to <see cref="MinLr"/>. With a
/// fixed <see cref="Steps"/> the decay follows the step count; without, it follows the wall clock and
/// training stops at <see cref="TimeBudgetMinutes"/>, because on a shared machine the speed of a step
/// is not known in advance and the schedule must still finish its decay.
/// </summary>
public sealed record TrainingOptions
{
    public int Batch { get; init; } = 16;

    public int Context { get; init; } = 256;

    public double MaxLr { get; init; } = 1e-3;

    public double MinLr { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 50;

    public int? Steps { get; init; }

    public double TimeBudgetMinutes { get; init; } = 45;

    public int EvalEvery { get; init; } = 100;

    public double HeldOutFraction { get; init; } = CorpusSplit.DefaultHeldOutFraction;

    public double GradClip { get; init; } = 1.0;

    public long Seed { get; init; } = 1337;

    /// <param name="progress">fraction of the decay done: of the steps after warm-up, or of the time budget.</param>
    public double LearningRate(int step, double progress)
    {
        if (step < WarmupSteps)
            return MaxLr * (step + 1) / WarmupSteps;
        progress = Math.Clamp(progress, 0, 1);
        return MinLr + 0.5 * (MaxLr - MinLr) * (1 + Math.Cos(Math.PI * progress));
    }

    public double Progress(int step, TimeSpan elapsed) => Steps is { } steps
        ? (double)(step - WarmupSteps) / Math.Max(1, steps - WarmupSteps)
        : elapsed.TotalMinutes / TimeBudgetMinutes;

    public bool Done(int step, TimeSpan elapsed) => Steps is { } steps ? step >= steps : elapsed.TotalMinutes >= TimeBudgetMinutes;
}
