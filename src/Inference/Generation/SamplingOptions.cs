namespace Splitwise.Inference.Generation;

/// <summary>
/// Temperature 0 is greedy; TopK 0 keeps the whole vocabulary; TopP 1 keeps every candidate (nucleus sampling,
/// Holtzman et al. 2020: keep the most likely tokens whose probabilities first sum to at least TopP).
/// </summary>
public sealed record SamplingOptions(double Temperature = 0, int TopK = 0, int Seed = 0, double TopP = 1)
{
    public static SamplingOptions Greedy => new();

    public void Validate()
    {
        if (Temperature < 0 || double.IsNaN(Temperature))
            throw new ArgumentException($"temperature must be >= 0, got {Temperature}");
        if (TopK < 0)
            throw new ArgumentException($"top-k must be >= 0, got {TopK}");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentException($"top-p must be in (0, 1], got {TopP}");
    }
}
