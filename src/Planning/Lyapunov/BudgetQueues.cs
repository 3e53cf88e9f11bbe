namespace Splitwise.Planning.Lyapunov;

/// <summary>
/// The controller's queues: one virtual queue per long-term budget (edge energy, cloud spend, accuracy loss), each
/// in units of its budget (usage 1 = on budget, so the queues are comparable and budget 1). Fed the epoch outcomes:
/// past only. The real edge backlog is not virtual: the controller reads it from the observation.
/// </summary>
public sealed class BudgetQueues
{
    public const int EdgeEnergy = 0, CloudSpend = 1, AccuracyLoss = 2;

    public IReadOnlyList<VirtualQueue> All { get; } = [new("edge energy", 1), new("cloud spend", 1), new("accuracy loss", 1)];

    public double[] Backlogs() => All.Select(q => q.Backlog).ToArray();

    /// <summary>One epoch's usage of each budget (shares of it).</summary>
    public void Update(BudgetSample sample)
    {
        All[EdgeEnergy].Update(sample.EdgeEnergy);
        All[CloudSpend].Update(sample.CloudSpend);
        All[AccuracyLoss].Update(sample.AccuracyLoss);
    }
}
