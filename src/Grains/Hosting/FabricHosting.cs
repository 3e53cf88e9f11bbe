using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Planning.Recovery;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Traces;

namespace Splitwise.Grains.Hosting;

/// <summary>
/// A fabric silo configured from configuration (appsettings, environment, command line), section "Fabric":
/// Tier (edge|cloud), SiloPort, GatewayPort, clustering (see <see cref="SiloClustering"/>: Clustering,
/// PrimarySiloPort, Redis:ConnectionString, AdvertisedAddress, ServiceId, ClusterId),
/// Models:NAME=PATH (default: the bundled model; relative to the working directory, checked at start, see ModelPaths), OnnxModels:NAME=PATH.onnx (DynaSplit's live path), HeadGroups,
/// FfnSlices, StateDirectory (grain state files when the membership is not in Redis; default FabricStorage.DefaultDirectory), an optional emulated link Link:Mbps / Link:RttMs or Link:Trace (a trace file, looping; its missing RTTs Link:RttMs) (Link:FailureRate, Link:FailureSeed inject dropped crossings), Recovery:* (RecoveryOptions: retries, backoff, safe plan), Checkpoint:EveryTokens (8; 0 off) and Checkpoint:Store (memory | durable), Batching:MaxBatch / MaxWaiting / SlabSlots (BatchingOptions), and an optional emulated edge device EdgeDevice
/// (rpi5, orin-nx, s23, a100) with Calibration (default bench/host-calibration.json) and Stretch (ratio | model-time), and the live
/// controller Controller:* (off unless Controller:Policy names a policy; see <see cref="Controller.ControllerStartup"/>).
/// </summary>
public static class FabricHosting
{
    public static Tier TierFrom(IConfiguration config, Tier fallback) =>
        SiloTier.Parse(config["Fabric:Tier"]?.ToLowerInvariant()) ?? fallback;

    public static void ConfigureSilo(ISiloBuilder silo, IConfiguration config, Tier tier, LinkEmulator? link = null, DeviceEmulator? device = null)
    {
        var section = config.GetSection("Fabric");
        var siloPort = section.GetValue("SiloPort", tier == Tier.Edge ? 11111 : 11112);
        var gatewayPort = section.GetValue("GatewayPort", tier == Tier.Edge ? 30000 : 30001);
        SiloClustering.Configure(silo, section, siloPort, gatewayPort);
        SiloTls.Configure(silo, section.GetSection("Tls"), Environment.CurrentDirectory);
        silo.AddActivityPropagation();
        link ??= section["Link:Trace"] is { Length: > 0 } trace
            // A measured or written trace (TraceFiles' formats; mbps 0 = outage), looping, from this silo's start.
            ? new LinkEmulator(TraceFiles.Load(Path.GetFullPath(trace), new TraceOptions(DefaultRttMs: section.GetValue("Link:RttMs", 40.0), Loop: true)))
            : section.GetValue<double?>("Link:Mbps") is { } mbps
            ? new LinkEmulator(new ConstantLink(mbps, section.GetValue("Link:RttMs", 40.0)))
            : new LinkEmulator();
        if (section.GetValue<double?>("Link:FailureRate") is { } failures)
            link.InjectFailures(failures, section.GetValue("Link:FailureSeed", 0));
        device ??= section["EdgeDevice"] is { Length: > 0 } key ? new DeviceEmulator(EdgeDeviceSettings.Load(key, section["Calibration"], section["Stretch"])) : null;
        var models = ModelPaths.Resolve(section.GetSection("Models"), Environment.CurrentDirectory);
        var onnxModels = ModelPaths.Resolve(section.GetSection("OnnxModels"), Environment.CurrentDirectory);
        silo.AddSplitwiseFabric(tier, fabric =>
        {
            foreach (var (name, path) in models)
                fabric.Models[name] = path;
            foreach (var (name, path) in onnxModels)
                fabric.OnnxModels[name] = path;
            if (fabric.Models.Count == 0)
                fabric.Models[ModelLoader.BundledModelName] = ModelLoader.LocateBundled();
            fabric.HeadGroups = section.GetValue<int?>("HeadGroups");
            fabric.FfnSlices = section.GetValue("FfnSlices", 4);
            fabric.IntraOpThreads = section.GetValue("IntraOpThreads", 1);
            fabric.StateDirectory = section["StateDirectory"] is { Length: > 0 } state ? Path.GetFullPath(state) : null;
            fabric.CheckpointEveryTokens = section.GetValue("Checkpoint:EveryTokens", 8);
            fabric.CheckpointStore = section["Checkpoint:Store"] is { Length: > 0 } store ? store : "memory";
            fabric.Recovery = section.GetSection("Recovery").Get<RecoveryOptions>() ?? new RecoveryOptions();
            fabric.Batching = section.GetSection("Batching").Get<BatchingOptions>() ?? new BatchingOptions();
            var cluster = SiloClustering.Settings(section);
            fabric.StateRedis = cluster.Mode == Splitwise.Contracts.Clustering.ClusteringMode.Redis ? cluster.RedisConnectionString : null;
        }, link, device);
        Controller.ControllerStartup.Add(silo, section.GetSection("Controller"), tier);
    }

    /// <summary>A generic host holding one fabric silo; used by the CLI to co-host both tiers in one process.</summary>
    public static IHost BuildHost(Tier tier, IConfiguration config, LinkEmulator? link = null, LogLevel logLevel = LogLevel.Warning, DeviceEmulator? device = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(config);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.UseOrleans(silo => ConfigureSilo(silo, builder.Configuration, tier, link, device));
        return builder.Build();
    }
}
