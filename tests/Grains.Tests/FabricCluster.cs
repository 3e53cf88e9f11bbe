using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Links;

namespace Splitwise.Grains.Tests;

/// <summary>
/// Two in-process silos, Silo_0 role=edge and Silo_1 role=cloud, serving one tiny model under several
/// names so that each test has its own plan grain. One link emulator is shared by both silos; it is
/// off (no delay) unless a test sets a link; so is the edge device emulator (no stretch) unless a test sets one.
/// </summary>
public sealed class FabricCluster : IAsyncLifetime
{
    public static readonly string[] ModelNames = ["placement", "parity", "errors", "link", "client", "metrics", "retry", "device", "stages", "fixed-plan", "schedule", "atomic", "converge", "recovery", "checkpoint", "kv-move", "batching", "controller", "turnaround", "stale-plan", "landing"];

    public const int CheckpointEveryTokens = 4;

    public TinyModel Model { get; } = new();

    public LinkEmulator Link { get; } = new();

    public DeviceEmulator Device { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Where this cluster's grain state (the plans) is kept: its own folder, removed with it.</summary>
    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "splitwise-state-" + Guid.NewGuid().ToString("N"));

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) => silo.AddSplitwiseFabric(
            options.SiloName == "Silo_0" ? Tier.Edge : Tier.Cloud,
            fabric =>
            {
                foreach (var name in ModelNames)
                    fabric.Models[name] = Model.Path;
                if (OcrClassifier.Find() is { } classifier)
                    fabric.OnnxModels[OcrClassifier.Name] = classifier;
                fabric.StateDirectory = StateDirectory;
                fabric.CheckpointStore = "durable";
                fabric.CheckpointEveryTokens = CheckpointEveryTokens;
            },
            Link,
            Device));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Model.Dispose();
        if (Directory.Exists(StateDirectory))
            Directory.Delete(StateDirectory, recursive: true);
    }

    public IGenerationSessionGrain NewSession(string model) => Grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(model, Guid.NewGuid()));

    public IPlanGrain Plan(string model) => Grains.GetGrain<IPlanGrain>(FabricKeys.Plan(model));

    /// <summary>The services of the silo serving <paramref name="tier"/> (its meters, its link meter).</summary>
    public IServiceProvider SiloServices(Tier tier) =>
        Cluster.Silos.Select(s => s.ServiceProvider).First(sp => sp.GetRequiredService<SiloTier>().Tier == tier);

    /// <summary>Until disposed, the edge's sessions neither retry nor take the safe plan: a fault reaches the caller as it happened.</summary>
    public IDisposable WithoutRecovery()
    {
        var recovery = SiloServices(Tier.Edge).GetRequiredService<FabricRecovery>();
        var before = recovery.Options;
        recovery.Options = Planning.Recovery.RecoveryOptions.None;
        return new Restore(() => recovery.Options = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public ISubBlockGrain SubBlock(string model, SubBlockId id) => Grains.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(model, id));
}

[CollectionDefinition(Name)]
public sealed class FabricCollection : ICollectionFixture<FabricCluster>
{
    public const string Name = "fabric cluster";
}

/// <summary>A cluster of its own for tests that stop and start silos, so that the shared one stays whole.</summary>
[CollectionDefinition(Name)]
public sealed class RestartCollection : ICollectionFixture<FabricCluster>
{
    public const string Name = "restarted fabric cluster";
}
