namespace Splitwise.Grains.Devices;

/// <summary>Edge computations seen by the <see cref="DeviceEmulator"/>: count, time measured here, wait owed and waited.</summary>
public sealed record EmulatedCompute(int Calls, double MeasuredMs, double OwedMs, double WaitedMs)
{
    public static EmulatedCompute None { get; } = new(0, 0, 0, 0);

    public EmulatedCompute Add(TimeSpan measured, TimeSpan owed) =>
        this with { Calls = Calls + 1, MeasuredMs = MeasuredMs + measured.TotalMilliseconds, OwedMs = OwedMs + owed.TotalMilliseconds };
}
