namespace Splitwise.Planning.MultiObjective;

/// <summary>Inverted generational distance: mean distance from each point of the true front to the nearest obtained point.</summary>
public static class Igd
{
    public static double Compute(IReadOnlyList<double[]> trueFront, IReadOnlyList<double[]> obtained) =>
        trueFront.Average(t => obtained.Min(o => Math.Sqrt(t.Zip(o, (x, y) => (x - y) * (x - y)).Sum())));
}
