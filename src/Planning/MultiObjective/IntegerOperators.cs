namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// Variation for discrete spaces where each gene is an index into a small set of values
/// (the DynaSplit knobs): uniform crossover, and per-gene uniform integer mutation with
/// probability 1/n that always moves to a different value.
/// </summary>
public sealed class IntegerOperators(int[] cardinalities, double? mutationProbability = null) : IGenomeOperators<int[]>
{
    private readonly double _pm = mutationProbability ?? 1.0 / cardinalities.Length;

    public int[] CreateRandom(Random random) => cardinalities.Select(c => random.Next(c)).ToArray();

    public (int[] First, int[] Second) Crossover(int[] a, int[] b, Random random)
    {
        var c1 = (int[])a.Clone();
        var c2 = (int[])b.Clone();
        for (var i = 0; i < a.Length; i++)
        {
            if (random.NextDouble() < 0.5)
                (c1[i], c2[i]) = (c2[i], c1[i]);
        }

        return (c1, c2);
    }

    public int[] Mutate(int[] genome, Random random)
    {
        var g = (int[])genome.Clone();
        for (var i = 0; i < g.Length; i++)
        {
            if (cardinalities[i] < 2 || random.NextDouble() >= _pm)
                continue;
            var shift = 1 + random.Next(cardinalities[i] - 1);
            g[i] = (g[i] + shift) % cardinalities[i];
        }

        return g;
    }
}
