namespace Splitwise.Planning.Lyapunov;

/// <summary>
/// A Lyapunov virtual queue for one long-term budget (Neely, "Stochastic Network Optimization", 2010, ch. 4):
/// Z(t+1) = max(Z(t) + usage(t) - budget, 0). If Z's time average stays bounded (mean rate stable), the usage's time
/// average is at most the budget, which is how a controller keeps a long-term constraint epoch by epoch. Also keeps
/// the time averages of Z and of the usage.
/// </summary>
public sealed class VirtualQueue(string name, double budget)
{
    private double _sumBacklog, _sumUsage;

    public string Name => name;

    public double Budget => budget;

    public double Backlog { get; private set; }

    public long Epochs { get; private set; }

    /// <summary>Mean of Z over the epochs updated so far (Z before each update, as Neely averages Q(tau), tau &lt; t).</summary>
    public double TimeAverageBacklog => Epochs == 0 ? 0 : _sumBacklog / Epochs;

    public double TimeAverageUsage => Epochs == 0 ? 0 : _sumUsage / Epochs;

    /// <summary>Z(t+1) from Z(t) and the epoch's usage; an infinite budget never queues.</summary>
    public static double Next(double backlog, double usage, double budget) =>
        double.IsPositiveInfinity(budget) ? 0 : Math.Max(backlog + usage - budget, 0);

    public void Update(double usage)
    {
        if (double.IsNaN(usage) || usage < 0)
            throw new ArgumentOutOfRangeException(nameof(usage), usage, "a usage is a non-negative amount");
        _sumBacklog += Backlog;
        _sumUsage += usage;
        Epochs++;
        Backlog = Next(Backlog, usage, budget);
    }
}
