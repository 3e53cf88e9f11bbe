using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Models;

namespace Splitwise.Grains.Controller;

/// <summary>
/// The hosts' configuration of the live controller, section Fabric:Controller: Policy (empty: off, the default), EpochMs
/// (1000), EdgeDevice (default: the emulated device, else rpi5), Codec (fp32), PromptTokens (16), OutputTokens (64),
/// ProbeBytes (2048), Calibration. When a policy is named, the edge silo starts one controller per served model once it
/// is active.
/// </summary>
public static class ControllerStartup
{
    /// <summary>The settings in <paramref name="section"/> (Fabric:Controller), or null when no policy is named.</summary>
    /// <exception cref="FormatException">a number that is not one.</exception>
    public static ControllerSettings? Settings(IConfigurationSection section)
    {
        if (section["Policy"] is not { Length: > 0 } policy)
            return null;
        int Int(string key, int fallback) => section[key] is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new ControllerSettings(policy, Int("EpochMs", 1000), section["EdgeDevice"] is { Length: > 0 } d ? d : null, section["Codec"] is { Length: > 0 } c ? c : "fp32",
            Int("PromptTokens", 16), Int("OutputTokens", 64), Int("ProbeBytes", 2048), false, section["Calibration"] is { Length: > 0 } cal ? cal : null);
    }

    /// <summary>On an edge silo with a policy configured: start the controllers when the silo is active.</summary>
    public static void Add(ISiloBuilder silo, IConfigurationSection section, Tier tier)
    {
        if (tier != Tier.Edge || Settings(section) is not { } settings)
            return;
        silo.AddStartupTask(async (services, _) =>
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            var log = services.GetRequiredService<ILogger<ControllerGrain>>();
            foreach (var model in services.GetRequiredService<ModelCatalog>().Names)
            {
                var device = settings.EdgeDevice ?? services.GetRequiredService<Devices.DeviceEmulator>().Stretch?.Device.Key ?? "rpi5";
                await grains.GetGrain<IControllerGrain>(FabricKeys.Controller(model, device)).Start(settings);
                log.LogWarning("live controller of '{Model}' for {Device}: policy {Policy}, every {Epoch} ms", model, device, settings.Policy, settings.EpochMs);
            }
        });
    }
}
