using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Placement;

namespace Splitwise.EdgeHost.Partition;

/// <summary>
/// Where the fabric's grains are activated right now, read from the cluster (the management grain's activation
/// list and each silo's role metadata), not from the plan: a sub-block still moving shows where it is.
/// </summary>
public sealed class ActualPlacement(IGrainFactory grains, TierSilos silos)
{
    public sealed record Activations(Dictionary<SubBlockId, Tier?> SubBlocks, int Sessions, Dictionary<string, int> PerSilo);

    public async Task<Activations> Read(string model)
    {
        var subBlockType = grains.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(model, new SubBlockId(0, SubBlockKind.Ffn, 0))).GetGrainId().Type;
        var sessionType = grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(model, Guid.Empty)).GetGrainId().Type;
        var all = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var subBlocks = new Dictionary<SubBlockId, Tier?>();
        var sessions = 0;
        foreach (var activation in all)
        {
            var key = activation.GrainId.Key.ToString()!;
            if (activation.GrainId.Type == subBlockType && FabricKeys.ModelOf(key) == model)
                subBlocks[FabricKeys.ParseSubBlock(key).Id] = silos.TierOf(activation.SiloAddress);
            else if (activation.GrainId.Type == sessionType && FabricKeys.ModelOf(key) == model)
                sessions++;
        }

        var perSilo = all.GroupBy(a => a.SiloAddress).ToDictionary(
            g => $"{(silos.TierOf(g.Key) is { } tier ? Name(tier) : "?")} {g.Key.Endpoint}", g => g.Count());
        return new Activations(subBlocks, sessions, perSilo);
    }

    public static string Name(Tier tier) => tier == Tier.Edge ? "edge" : "cloud";
}
