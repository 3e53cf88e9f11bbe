using Splitwise.Contracts;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Everything one experiment needs, wired from names: model preset, edge and cloud profiles, link, codec, precision,
/// route mode, epoch. The representative request (what planners optimise for) is the workload's mean request.
/// </summary>
public sealed class SimulationSetup
{
    public SimulationSetup(string model, string edge, string cloud, ILinkModel link, IReadOnlyList<RequestSpec> requests,
        string codec = "int8", Precision precision = Precision.Fp16, SimulationOptions? options = null, DecompositionSpec? spec = null,
        int oracleHorizonEpochs = 0)
    {
        OracleHorizonEpochs = oracleHorizonEpochs;
        if (requests.Count == 0)
            throw new ArgumentException("no requests to simulate");
        var shape = ModelPresets.Get(model);
        (ModelKey, Edge, Cloud, Link, Requests) = (model.ToLowerInvariant(), DeviceProfiles.Get(edge), DeviceProfiles.Get(cloud), link, requests);
        Options = (options ?? new SimulationOptions()).Validated();
        var bytes = (int)precision;
        var execution = new ExecutionModel(shape, spec ?? DefaultCut(shape.NKvHead), new CostModel(Edge, bytes), new CostModel(Cloud, bytes), codec);
        Representative = new RequestShape((int)Math.Round(requests.Average(r => r.PromptTokens)), (int)Math.Round(requests.Average(r => r.OutputTokens)));
        Coster = new PlanCoster(execution, Options.Route, Representative);
        Memory = new EdgeMemoryModel(execution, Edge, precision, requests.Max(r => r.PromptTokens + r.OutputTokens));
        Context = new PolicyContext(Coster, Memory);
        Simulator = new Simulator(Coster, Memory, link, Options);
        Timeline = new LinkTimeline(link, Options.EpochSeconds);
    }

    /// <summary>About 4 head groups (the fabric's default): the smallest divisor of the KV heads that is at least 4 (GPT-2 XL's 25 heads: 5 groups), and 4 FFN slices.</summary>
    public static DecompositionSpec DefaultCut(int kvHeads)
    {
        var groups = Enumerable.Range(Math.Min(4, kvHeads), kvHeads).First(g => kvHeads % g == 0);
        return DecompositionSpec.WithHeadGroups(kvHeads, groups, 4);
    }

    public string ModelKey { get; }

    /// <summary>Epochs of true link the oracle sees (0 = the mean request's cloud-session service time).</summary>
    public int OracleHorizonEpochs { get; }

    public DeviceProfile Edge { get; }

    public DeviceProfile Cloud { get; }

    public ILinkModel Link { get; }

    public IReadOnlyList<RequestSpec> Requests { get; }

    public SimulationOptions Options { get; }

    public RequestShape Representative { get; }

    public PlanCoster Coster { get; }

    public EdgeMemoryModel Memory { get; }

    public PolicyContext Context { get; }

    public Simulator Simulator { get; }

    public LinkTimeline Timeline { get; }

    /// <summary>Runs one policy by name (see <see cref="PolicyCatalog"/>); the hindsight baseline looks at the link up to the last arrival.</summary>
    public PolicyRun Run(string policy)
    {
        var horizon = Requests[^1].ArrivalSeconds;
        return Simulator.Run(PolicyCatalog.Create(policy, Context, Timeline, horizon, OracleHorizonEpochs), Requests);
    }
}
