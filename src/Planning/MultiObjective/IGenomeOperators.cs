namespace Splitwise.Planning.MultiObjective;

/// <summary>How a genome is created, recombined and mutated; the only part of NSGA-III that knows the encoding.</summary>
public interface IGenomeOperators<TGenome>
{
    TGenome CreateRandom(Random random);

    (TGenome First, TGenome Second) Crossover(TGenome a, TGenome b, Random random);

    TGenome Mutate(TGenome genome, Random random);
}
