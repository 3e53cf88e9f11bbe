using System.Diagnostics;
using System.Globalization;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Links;

namespace Splitwise.Cli.Run;

/// <summary>
/// `run --controller NAME`: the live controller grain of the model for the emulated edge device (rpi5 when none is
/// emulated: the policy plans for it, though the edge then computes at this machine's speed), started on a timer when
/// the generation starts, the link's clock (and so a replayed trace) restarted with it; stopped after, its decisions kept.
/// </summary>
public sealed class RunController(IGrainFactory grains, string model, string policy, CliArgs args, DeviceEmulator device, LinkEmulator link, int promptTokens)
{
    public string Policy => policy;

    public int EpochMs { get; } = args.GetInt("epoch-ms", 500);

    public string EdgeDevice { get; } = device.Stretch?.Device.Key ?? "rpi5";

    private IControllerGrain Grain => grains.GetGrain<IControllerGrain>(FabricKeys.Controller(model, EdgeDevice));

    public async Task Start()
    {
        var started = Stopwatch.StartNew();
        link.Clock = () => started.Elapsed;
        await Grain.Start(new ControllerSettings(policy, EpochMs, EdgeDevice, args.Get("codec") ?? "fp32", Math.Max(1, promptTokens), args.GetInt("tokens", 64)));
        Console.Error.WriteLine($"live controller: {policy} every {EpochMs} ms, planning for {EdgeDevice}" +
                                (device.Stretch is null ? " (not emulated: the edge computes at this machine's speed; --edge-device emulates it)" : "") +
                                $"; link clock restarted: {link.Link?.Description ?? "no emulated link"}");
    }

    public async Task<ControllerDecision[]> Stop()
    {
        var decisions = await Grain.Decisions();
        await Grain.Stop();
        return decisions;
    }

    /// <summary>The epochs where the placement changed (and the first), with the link the controller measured.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<ControllerDecision> decisions)
    {
        yield return $"controller: {decisions.Count} epochs; plan changes (t since the first token, the link as measured, the plan chosen):";
        yield return $"{"t s",7} {"epoch",5} {"up Mbit/s",10} {"RTT ms",8} {"plan",5} layers";
        string? last = null;
        foreach (var d in decisions)
        {
            if (d.Placement == last)
                continue;
            last = d.Placement;
            var up = d.LinkUp ? d.UplinkMbps.ToString("G4", CultureInfo.InvariantCulture) : "down";
            yield return string.Create(CultureInfo.InvariantCulture, $"{d.TimeSeconds,7:F2} {d.Epoch,5} {up,10} {d.RttMs,8:F1} {"v" + d.PlanVersion,5} {d.Placement}");
        }
    }
}
