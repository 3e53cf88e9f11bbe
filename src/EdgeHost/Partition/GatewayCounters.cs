namespace Splitwise.EdgeHost.Partition;

/// <summary>Tokens this gateway has streamed and the HTTP generations in progress (its request backlog).</summary>
public sealed class GatewayCounters
{
    private long _tokens;
    private int _inFlight;

    public long Tokens => Interlocked.Read(ref _tokens);

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Token() => Interlocked.Increment(ref _tokens);

    public IDisposable Request()
    {
        Interlocked.Increment(ref _inFlight);
        return new Release(this);
    }

    private sealed class Release(GatewayCounters counters) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                Interlocked.Decrement(ref counters._inFlight);
        }
    }
}
