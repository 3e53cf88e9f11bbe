namespace Splitwise.Planning.Lyapunov;

/// <summary>One epoch's usage of each budget as a share of it (1 = on budget; 0 when there is no budget).</summary>
public readonly record struct BudgetSample(double EdgeEnergy, double CloudSpend, double AccuracyLoss);
