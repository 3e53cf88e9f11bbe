using Splitwise.Contracts.Plans;
using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Learning;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The learned controller at run time: the trained network (<see cref="PolicyFile"/>) evaluated in plain C#
/// (<see cref="PolicyForward"/>, no TorchSharp), greedy (the argmax of every head), its own budgets' virtual queues fed
/// each epoch's outcome (<see cref="IOutcomeObserver"/>) as part of its state. Every buffer is allocated once: after
/// the first sight of an action, a decision allocates nothing (plans come from <see cref="PlanBuilder"/>'s cache).
/// Works for any layer count and any number of head groups (the low level runs across the model's layers); what it
/// needs is the model's <see cref="PolicyContext"/> (cost model's shape, head groups, FFN slices, edge memory).
/// </summary>
public sealed class LearnedPolicy : IPolicy, IOutcomeObserver
{
    private readonly PolicyForward _forward;
    private readonly PlanBuilder _builder;
    private readonly ActionMasks _masks;
    private readonly float[] _features = new float[StateFeatures.Count];
    private readonly double[] _queues = new double[3];
    private readonly byte[] _attention, _ffn;

    public LearnedPolicy(string name, PolicyContext context, PolicyHeader header, PolicyWeights weights)
    {
        Name = name;
        Header = header;
        _builder = new PlanBuilder(context);
        _forward = new PolicyForward(weights, _builder.Layers);
        _masks = new ActionMasks(Enum.Parse<Ablation>(header.Ablation), context.Model.Codec.Codec);
        _attention = new byte[_builder.Layers];
        _ffn = new byte[_builder.Layers];
    }

    public string Name { get; }

    public PolicyHeader Header { get; }

    public BudgetQueues Queues { get; } = new();

    /// <summary>The edge part of the last plan, in layers (after the memory repair).</summary>
    public int LastEdgeLayers { get; private set; }

    public void Observe(BudgetSample sample) => Queues.Update(sample);

    public PartitionPlan Decide(Observation observation)
    {
        for (var i = 0; i < _queues.Length; i++)
            _queues[i] = Queues.All[i].Backlog;
        StateFeatures.Write(observation, _queues, _features);
        _forward.Encode(_features);
        _masks.Choose(_forward, _builder.Layers, null, out var offload, out var codec, _attention, _ffn);
        var plan = _builder.Build(offload, codec, _attention, _ffn, out var edge);
        LastEdgeLayers = edge;
        return plan;
    }

    /// <summary>The policy file of a learned policy name for a scenario: DIR/NAME-SCENARIO.policy.</summary>
    public static string PathOf(string directory, string name, string scenario) => Path.Combine(directory, $"{name}-{scenario}.policy");

    /// <summary>The command that trains the file <see cref="PathOf"/> names.</summary>
    public static string TrainCommand(string name, string scenario, string path)
    {
        var ablation = name switch
        {
            "splitwise-no-lyapunov" => " --ablation no-lyapunov",
            "splitwise-layerwise" => " --ablation layerwise",
            "splitwise-fixed-codec" => " --ablation fixed-codec",
            _ => "",
        };
        return $"dotnet run --project src/Cli -c Release -- train-policy --scenario {scenario}{ablation} --out {path}";
    }

    /// <exception cref="MissingPolicyException">no file: the message says how to train it.</exception>
    /// <exception cref="PolicyFileException">a bad or truncated file.</exception>
    public static LearnedPolicy Load(string name, PolicyContext context, string directory, string scenario)
    {
        var path = PathOf(directory, name, scenario);
        var (header, weights) = PolicyFile.Read(path, TrainCommand(name, scenario, path));
        return new LearnedPolicy(name, context, header, weights);
    }
}
