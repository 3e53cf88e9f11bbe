using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Splitwise.Contracts;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Links;
using Splitwise.Grains.Models;
using Splitwise.Grains.Onnx;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Storage;
using Splitwise.Grains.SubBlocks;

namespace Splitwise.Grains.Hosting;

public static class FabricSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo a fabric silo of <paramref name="tier"/>: its role metadata, the model catalog,
    /// plan-driven placement and the link emulation filters. <paramref name="link"/> may be shared by
    /// silos in one process so that they see one link and one clock; <paramref name="device"/> (the edge device emulation,
    /// applied on the edge silo only) likewise.
    /// </summary>
    public static ISiloBuilder AddSplitwiseFabric(this ISiloBuilder silo, Tier tier, Action<FabricOptions> configure, LinkEmulator? link = null, DeviceEmulator? device = null)
    {
        silo.UseSiloMetadata(new Dictionary<string, string> { [SiloTier.MetadataKey] = SiloTier.RoleName(tier) });
        silo.Services.Configure(configure);
        silo.Services.AddSingleton(new SiloTier(tier));
        silo.Services.AddSingleton<ModelCatalog>();
        silo.Services.AddSingleton<OnnxSplitCatalog>();
        silo.Services.AddSingleton<PlanDirectory>();
        silo.Services.AddSingleton<TierSilos>();
        silo.Services.AddMetrics();
        silo.Services.AddSingleton<LinkInstruments>();
        silo.Services.AddSingleton<LinkMeter>();
        silo.Services.AddSingleton<MigrationLink>();
        silo.Services.AddSingleton<Sessions.SessionBoard>();
        silo.Services.AddSingleton(link ?? new LinkEmulator());
        var options = new FabricOptions();
        configure(options);
        if (options.IntraOpThreads <= 0)
            throw new ArgumentOutOfRangeException(nameof(configure), options.IntraOpThreads, "Fabric:IntraOpThreads must be positive");
        options.Recovery.Validate();
        options.Batching.Validate();
        silo.Services.AddSingleton(new FabricRecovery(options.Recovery));
        device ??= new DeviceEmulator();
        device.IntraOpThreads = options.IntraOpThreads;
        silo.Services.AddSingleton(device);
        FabricStorage.Add(silo, options.StateRedis, options.StateDirectory);
        if (options.CheckpointEveryTokens < 0)
            throw new ArgumentOutOfRangeException(nameof(configure), options.CheckpointEveryTokens, "Fabric:Checkpoint:EveryTokens must be >= 0");
        silo.Services.AddSingleton<CheckpointMeter>();
        silo.Services.AddSingleton<BatchMeter>();
        silo.Services.AddSingleton<Stages.SubBlockCalls>();
        silo.Services.AddSingleton<Sessions.SessionStepper>();
        CheckpointStorage.Add(silo, options.CheckpointStore, options.StateRedis, options.StateDirectory);
        silo.Services.AddPlacementDirector<TierPlacementStrategy, TierPlacementDirector>(ServiceLifetime.Transient);
        silo.AddOutgoingGrainCallFilter<LinkRoleStampFilter>();
        silo.AddIncomingGrainCallFilter<LinkEmulationFilter>();
        return silo;
    }
}
