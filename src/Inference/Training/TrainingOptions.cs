namespace Splitwise.Inference.Training;

/// <summary>
/// Adam with linear warm-up then cosine decay from <see cref="MaxLr"/> to <see cref="MinLr"/>. With no
/// fixed <see cref="Steps"/>, the step count is chosen from the measured time of the first steps so
/// that training fits <see cref="TimeBudgetMinutes"/>.
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

    public double HeldOutFraction { get; init; } = 0.05;

    public double GradClip { get; init; } = 1.0;

    public long Seed { get; init; } = 1337;

    public double LearningRate(int step, int totalSteps)
    {
        if (step < WarmupSteps)
            return MaxLr * (step + 1) / WarmupSteps;
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, totalSteps - WarmupSteps));
        return MinLr + 0.5 * (MaxLr - MinLr) * (1 + Math.Cos(Math.PI * progress));
    }
}
