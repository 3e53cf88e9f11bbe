namespace Splitwise.Grains.Sessions;

/// <summary>
/// Who the next session pass waits for: the sessions of the pass that just ended and have more tokens to go. Between
/// tokens each of them leaves for its caller (the client's round trip, the stored record); without this the sessions
/// that waited during a pass start the next one at once, the returning ones wait for the one after, and a silo's
/// sessions settle into two halves, each paying a whole pass's fixed cost per token. The wait ends when every expected
/// session has submitted its next step, or after the bound given with them (at most the pass's own duration, so a
/// session that stops asking costs the others no more than the halves did). A session stepping with no other open
/// session never meets it (it steps alone).
/// </summary>
public sealed class PassGather
{
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _expected = [];
    private TaskCompletionSource? _all;
    private TimeSpan _bound;

    /// <summary>Called when a pass ends, before its sessions get their results.</summary>
    public void Expect(IEnumerable<Guid> sessions, TimeSpan bound)
    {
        lock (_gate)
        {
            _expected.Clear();
            _expected.UnionWith(sessions);
            _bound = bound;
            _all = _expected.Count == 0 || bound <= TimeSpan.Zero ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Called after a session's next step is queued for a pass.</summary>
    public void Arrived(Guid session)
    {
        TaskCompletionSource? done = null;
        lock (_gate)
        {
            if (_expected.Remove(session) && _expected.Count == 0)
                (done, _all) = (_all, null);
        }

        done?.TrySetResult();
    }

    /// <summary>Completes when every expected session arrived or the bound passed; then nobody is expected.</summary>
    public async Task Wait()
    {
        Task? all;
        TimeSpan bound;
        lock (_gate)
            (all, bound) = (_all?.Task, _bound);
        if (all is not null)
        {
            using var timeout = new CancellationTokenSource();
            var first = await Task.WhenAny(all, Task.Delay(bound, timeout.Token));
            if (first == all)
                await timeout.CancelAsync();
        }

        lock (_gate)
        {
            _expected.Clear();
            _all = null;
        }
    }
}
