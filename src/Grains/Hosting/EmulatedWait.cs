namespace Splitwise.Grains.Hosting;

/// <summary>
/// How the emulations (link delay, device slowness) wait. .NET timers count whole milliseconds and truncate a
/// fraction, so a 20.7 ms delay would wait 20 ms: round up instead, so an emulated wait is never shorter than the
/// model says (the timer's own tick may still land it within a millisecond either way).
/// </summary>
public static class EmulatedWait
{
    public static Task For(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)));
}
