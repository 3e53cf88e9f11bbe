using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;
using Splitwise.Testbed.Policies;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `train-policy`'s options: the scenario, the ablation, the PPO budget (updates x envs x steps) and the wall-clock cap,
/// the seed and V, checkpoints and resume, where the policy file and the learning-curve PNG go. Declared here (help,
/// ranges, choices: a bad value is exit code 2 before training starts) and read back.
/// </summary>
public sealed record TrainPolicyOptions(Scenario Scenario, Ablation Ablation, PpoOptions Ppo, double MaxMinutes, string? CheckpointDirectory, bool Resume, string Out, string Curve)
{
    public static readonly string[] Ablations = ["none", "no-lyapunov", "layerwise", "fixed-codec"];

    public static void Declare(CliSpec spec) => spec
        .Text("scenario", $"the world to train in, on its training traces only: {string.Join(", ", Scenarios.Names)} (default commuter)", [.. Scenarios.Names])
        .Text("ablation", "none (the controller), no-lyapunov (reward without the queue terms), layerwise (one tier per layer), fixed-codec (the scenario's codec only); default none", Ablations)
        .Int("seed", "seed of the weights, the rollouts and the minibatches (default 1)")
        .Int("updates", "PPO updates (default 60)", min: 1, max: 100_000)
        .Int("envs", "episodes per update (default 4)", min: 1, max: 64)
        .Int("steps", "decisions per episode: epochs whose plan a request started under (default 64)", min: 2, max: 100_000)
        .Double("v", "V: the weight of the penalty (requests in the edge system) in the reward (default 1)", min: 0)
        .Int("minibatches", "minibatches per PPO epoch (default 4)", min: 1, max: 4096)
        .Double("learning-rate", "Adam's learning rate, annealed to 0 (default 3e-4)", min: 1e-9, max: 1)
        .Flag("move-in-flight", "rollouts: a new plan applies to the request in service at its next token (KV caches move), so every epoch's decision counts")
        .Flag("gamma-per-epoch", "discount per 1 s epoch (as policies trained before 2026-12-04), not once per decision that counted (a request's start)")
        .Flag("unnormalised-reward", "do not divide the drift-plus-penalty by V + the sum of the virtual queues (as before 2026-12-04)")
        .Double("layer-bias", "the first policy's logit bias on each edge-part layer's attention and FFN staying on the edge (default 4; 0 = uniform, as before 2026-12-04)", min: 0, max: 20)
        .Int("imitate", "the first this many updates clone the myopic drift-plus-penalty controller (behaviour cloning on its rollouts), PPO after (default 0)", min: 0, max: 100_000)
        .Double("max-minutes", "stop after the update that passes this many minutes of wall time (default 55; the issue's budget is 60)", min: 0.01)
        .Text("checkpoint-dir", "write a checkpoint after every update into this folder (ppo-SCENARIO-ABLATION.ckpt)")
        .Flag("resume", "continue from the checkpoint in --checkpoint-dir (same options; a missing checkpoint starts afresh)")
        .Text("out", "the policy file (default policies/NAME-SCENARIO.policy, NAME splitwise or splitwise-ABLATION)")
        .Text("curve", "the learning curve PNG (default: the policy file's path with -curve.png)")
        .Json();

    public static TrainPolicyOptions Parse(CliArgs args)
    {
        var scenario = Scenarios.Get(args.Get("scenario", "commuter"));
        var ablationName = args.Get("ablation", "none").ToLowerInvariant();
        var ablation = ablationName switch
        {
            "no-lyapunov" => Ablation.NoLyapunov,
            "layerwise" => Ablation.Layerwise,
            "fixed-codec" => Ablation.FixedCodec,
            _ => Ablation.None,
        };
        if (args.Has("resume") && args.Get("checkpoint-dir") is null)
            throw new CliUsageException("--resume needs --checkpoint-dir");
        var ppo = new PpoOptions(Seed: args.GetInt("seed", 1), Updates: args.GetInt("updates", 60), NumEnvs: args.GetInt("envs", 4), NumSteps: args.GetInt("steps", 64),
            V: args.GetDouble("v", 1), Minibatches: args.GetInt("minibatches", 4), LearningRate: args.GetDouble("learning-rate", 3e-4), MoveInFlight: args.Has("move-in-flight"),
            GammaPerDecision: !args.Has("gamma-per-epoch"), NormaliseReward: !args.Has("unnormalised-reward"),
            LayerBias: args.GetDouble("layer-bias", 4), ImitationUpdates: args.GetInt("imitate", 0));
        try
        {
            ppo.Validated();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }

        var name = ablation == Ablation.None ? "splitwise" : "splitwise-" + ablationName;
        var output = args.Get("out", LearnedPolicy.PathOf(PolicyCatalog.DefaultPolicyDirectory, name, scenario.Name));
        var curve = args.Get("curve", Path.ChangeExtension(output, null) + "-curve.png");
        return new(scenario, ablation, ppo, args.GetDouble("max-minutes", 55), args.Get("checkpoint-dir"), args.Has("resume"), output, curve);
    }

    public string PolicyName => Ablation == Ablation.None ? "splitwise" : "splitwise-" + Ablations[(int)Ablation];
}
