namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// NSGA-III (Deb and Jain, 2014): random mating, variation by the genome's operators, and
/// reference-direction environmental selection. Deterministic for a given seeded <see cref="Random"/>.
/// The evaluator may refuse (return null) when a budget is spent; the run then stops with what it has.
/// </summary>
public sealed class Nsga3<TGenome>(IGenomeOperators<TGenome> operators, IReadOnlyList<double[]> references, int populationSize)
{
    /// <summary>How many times an offspring the caller rejects is regenerated before the slot is given up.</summary>
    private const int MaxRegenerations = 100;

    public sealed record Individual(TGenome Genome, double[] Objectives);

    /// <param name="evaluate">objectives (all minimised) of a genome, or null to stop the run.</param>
    /// <param name="reject">offspring to regenerate instead of evaluating (duplicates, unmeasurable points).</param>
    /// <param name="initial">genomes placed in the first population before the random ones (known anchors).</param>
    public IReadOnlyList<Individual> Run(Func<TGenome, double[]?> evaluate, int maxGenerations, Random random,
        Func<TGenome, bool>? reject = null, IReadOnlyList<TGenome>? initial = null)
    {
        reject ??= _ => false;
        initial ??= [];
        var population = new List<Individual>(populationSize);
        for (var i = 0; i < populationSize; i++)
        {
            var seeded = i < initial.Count && !reject(initial[i]) ? initial[i] : default;
            var genome = seeded ?? Generate(() => operators.CreateRandom(random), reject);
            if (genome is null)
                continue;
            var objectives = evaluate(genome);
            if (objectives is null)
                return population;
            population.Add(new Individual(genome, objectives));
        }

        for (var generation = 0; generation < maxGenerations && population.Count > 1; generation++)
        {
            var offspring = MakeOffspring(population, evaluate, reject, random, out var stopped);
            var combined = population.Concat(offspring).ToList();
            var keep = Nsga3Survival.Select(combined.Select(c => (IReadOnlyList<double>)c.Objectives).ToList(),
                Math.Min(populationSize, combined.Count), references, random);
            population = keep.Select(k => combined[k]).ToList();
            if (stopped)
                break;
        }

        return population;
    }

    private List<Individual> MakeOffspring(List<Individual> parents, Func<TGenome, double[]?> evaluate,
        Func<TGenome, bool> reject, Random random, out bool stopped)
    {
        stopped = false;
        var children = new List<Individual>(populationSize);
        while (children.Count < populationSize)
        {
            var a = parents[random.Next(parents.Count)].Genome;
            var b = parents[random.Next(parents.Count)].Genome;
            var pending = new Queue<TGenome>();
            var attempts = 0;
            TGenome? child = default;
            var found = false;
            while (attempts++ < MaxRegenerations && !found)
            {
                if (pending.Count == 0)
                {
                    var (c1, c2) = operators.Crossover(a, b, random);
                    pending.Enqueue(operators.Mutate(c1, random));
                    pending.Enqueue(operators.Mutate(c2, random));
                }

                child = pending.Dequeue();
                found = !reject(child);
            }

            if (!found)
                return children; // the reachable neighbourhood is exhausted; select among what exists
            var objectives = evaluate(child!);
            if (objectives is null)
            {
                stopped = true;
                return children;
            }

            children.Add(new Individual(child!, objectives));
        }

        return children;
    }

    private static TGenome? Generate(Func<TGenome> create, Func<TGenome, bool> reject)
    {
        for (var attempt = 0; attempt < MaxRegenerations; attempt++)
        {
            var g = create();
            if (!reject(g))
                return g;
        }

        return default;
    }
}
