namespace Splitwise.Inference.Generation;

/// <summary>Temperature 0 is greedy; TopK 0 keeps the whole vocabulary.</summary>
public sealed record SamplingOptions(double Temperature = 0, int TopK = 0, int Seed = 0)
{
    public static SamplingOptions Greedy => new();

    public void Validate()
    {
        if (Temperature < 0 || double.IsNaN(Temperature))
            throw new ArgumentException($"temperature must be >= 0, got {Temperature}");
        if (TopK < 0)
            throw new ArgumentException($"top-k must be >= 0, got {TopK}");
    }
}
