namespace Splitwise.Planning.Lyapunov;

/// <summary>A policy that learns from what each epoch did (after it ran: the past only), e.g. to update its queues.</summary>
public interface IOutcomeObserver
{
    void Observe(BudgetSample sample);
}
