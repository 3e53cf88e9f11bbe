namespace Splitwise.Grains.Sessions;

/// <summary>
/// The edge silo's count of its generations, for the controller's observation: sessions started and ended (arrivals,
/// open sessions) and tokens generated, with those whose activations crossed the link. One per silo, like the link meter.
/// </summary>
public sealed class SessionBoard
{
    private long _started, _ended, _tokens, _crossing;

    public void Started() => Interlocked.Increment(ref _started);

    public void Ended() => Interlocked.Increment(ref _ended);

    public void Token(bool crossed)
    {
        Interlocked.Increment(ref _tokens);
        if (crossed)
            Interlocked.Increment(ref _crossing);
    }

    /// <summary>Running totals: sessions started, open now, tokens, tokens that crossed the link.</summary>
    public (long Started, long Open, long Tokens, long CrossingTokens) Read()
    {
        var started = Interlocked.Read(ref _started);
        return (started, Math.Max(0, started - Interlocked.Read(ref _ended)), Interlocked.Read(ref _tokens), Interlocked.Read(ref _crossing));
    }
}
