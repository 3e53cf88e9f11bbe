using System.Diagnostics;
using Splitwise.Contracts;
using Splitwise.Grains.Hosting;
using Splitwise.Testbed.Cost;

namespace Splitwise.Grains.Devices;

/// <summary>
/// Makes the edge silo compute like an emulated device: each edge computation (sub-block call, or the session's
/// embedding, norms and LM head) runs as usual, then waits (ratio - 1) x its measured time, the ratio coming from the
/// calibrated cost model (<see cref="DeviceStretch"/>). Edge computations take turns (the device is one compute
/// resource), and waits shorter than a timer tick are owed and paid together, so the total wait matches what is owed.
/// Computations on the cloud silo pass through untouched (both tiers' run with <see cref="IntraOpThreads"/>). Share one instance between co-hosted silos, like the link.
/// </summary>
public sealed class DeviceEmulator
{
    private static readonly TimeSpan PayAtLeast = TimeSpan.FromMilliseconds(1);
    private readonly SemaphoreSlim _device = new(1, 1);
    private readonly Lock _totals = new();
    private TimeSpan _owed;
    private EmulatedCompute _recorded = EmulatedCompute.None;

    public DeviceEmulator(DeviceStretch? stretch = null) => Stretch = stretch;

    /// <summary>The device being emulated on the edge; null: the edge computes at this machine's speed, concurrently and unrecorded.</summary>
    public DeviceStretch? Stretch { get; set; }

    /// <summary>Intra-op threads of each grain's tensor work (<see cref="IntraOpThreads"/>); `Fabric:IntraOpThreads`, default 1.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>What the edge silo computed and waited since the last <see cref="Reset"/>.</summary>
    public EmulatedCompute Recorded
    {
        get
        {
            lock (_totals)
                return _recorded;
        }
    }

    public void Reset()
    {
        lock (_totals)
            (_recorded, _owed) = (EmulatedCompute.None, TimeSpan.Zero);
    }

    /// <summary>
    /// Runs <paramref name="compute"/> on a silo of <paramref name="tier"/>; <paramref name="work"/> counts what it did and
    /// is asked only when an edge device is emulated (it is not free, and the call is on every token's path).
    /// </summary>
    public async Task<T> Run<T>(Tier tier, Func<T> compute, Func<SubBlockWork> work)
    {
        Devices.IntraOpThreads.ApplyToThisThread(IntraOpThreads);

        // Without a device to emulate, edge work runs as the cloud's does: concurrently, untimed.
        if (tier != Tier.Edge || Stretch is null)
            return compute();
        await _device.WaitAsync();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = compute();
            var measured = Stopwatch.GetElapsedTime(started);
            var owed = Stretch?.ExtraWait(work(), measured) ?? TimeSpan.Zero;
            var pay = Owe(measured, owed);
            if (pay > TimeSpan.Zero)
            {
                var waiting = Stopwatch.GetTimestamp();
                await EmulatedWait.For(pay);
                Paid(Stopwatch.GetElapsedTime(waiting));
            }

            return result;
        }
        finally
        {
            _device.Release();
        }
    }

    private TimeSpan Owe(TimeSpan measured, TimeSpan owed)
    {
        lock (_totals)
        {
            _recorded = _recorded.Add(measured, owed);
            _owed += owed;
            return _owed >= PayAtLeast ? _owed : TimeSpan.Zero;
        }
    }

    // A timer overshoots: what was waited beyond the debt is credited to the next calls.
    private void Paid(TimeSpan waited)
    {
        lock (_totals)
        {
            _owed -= waited;
            _recorded = _recorded with { WaitedMs = _recorded.WaitedMs + waited.TotalMilliseconds };
        }
    }
}
