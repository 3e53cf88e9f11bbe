using System.Globalization;
using Splitwise.Cli.Bench;
using Splitwise.Testbed.Learning;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `train-policy`: trains the learned controller (hierarchical PPO, <see cref="HierarchicalPpo"/>) in a scenario on
/// its training traces, with a progress bar (ETA, running reward), checkpoints and resume, and writes the policy file
/// (<see cref="PolicyFile"/>) and the learning curve.
/// </summary>
public sealed class TrainPolicyCommand : ICliCommand
{
    // Native failures (TorchSharp's temporary-Scalar race) survived by resuming from the last checkpoint.
    private const int MaxNativeFailures = 5;

    public string Name => "train-policy";

    public string Summary => "train the learned controller (hierarchical PPO) for a scenario and write its policy file";

    public void Declare(CliSpec spec) => TrainPolicyOptions.Declare(spec);

    public int Run(CliArgs args)
    {
        var o = TrainPolicyOptions.Parse(args);
        var s = o.Scenario;
        var p = o.Ppo;
        BenchOutput.PrintMethod($"train-policy: {o.PolicyName} for scenario {s.Name} ({s.Model} on {s.Device}, budgets {s.Budgets}) on its TRAINING traces only (src/Testbed/Environment/TraceSplit.cs), "
            + $"hierarchical PPO: {p.Updates} updates x {p.NumEnvs} episodes x {p.NumSteps} decisions (the policy decides every 1 s epoch; a transition is a decision a request started under, its reward the {(p.GammaPerDecision ? "plain sum of the epochs' rewards until the next, discounted once per decision" : "sum until the next, discounted per epoch")}; each episode a training trace from one of 8 starts, virtual queues starting uniform in [0, {p.InitialQueueMax}]), "
            + $"clip {p.ClipCoef}, {p.UpdateEpochs} epochs x {p.Minibatches} minibatches, gamma {p.Gamma} per {(p.GammaPerDecision ? "decision" : "epoch")}, GAE lambda {p.GaeLambda}, Adam {p.LearningRate} (annealed), entropy {p.EntCoef}, value {p.VfCoef}; "
            + $"reward = -(V x requests in the edge system + sum_i Z_i x usage_i){(o.Ablation == Ablation.NoLyapunov ? " without the queue terms" : "")}{(p.NormaliseReward ? " / (V + sum_i Z_i)" : "")} / {p.RewardScale}, clipped at {p.RewardClip}, V = {p.V}; "
            + (p.ImitationUpdates > 0 ? $"the first {p.ImitationUpdates} updates behaviour cloning of the myopic drift-plus-penalty controller (its actions in the rollouts, their cross-entropy as the loss); " : "")
            + $"first policy: {PolicyWeights.SafeBias} logit bias on offloading everything and the scenario's codec, {p.LayerBias} on each edge-part layer staying on the edge; seed {p.Seed}; "
            + $"ablation {o.Ablation}; plans {(p.MoveInFlight ? "switch the request in service at its next token (KV caches move)" : "apply from the next request on")}; wall cap {o.MaxMinutes} min; one CPU thread (TorchSharp) on {System.Environment.ProcessorCount} cores.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var every = Math.Max(1, p.Updates / 20);
        var resume = o.Resume;
        TrainingResult result;
        for (var crashes = 0; ; crashes++)
        {
            try
            {
                // The cap counts from the start of this command, across resumes after a crash.
                var stopAfter = TimeSpan.FromMinutes(o.MaxMinutes) - clock.Elapsed;
                result = CliProgress.RunWithStatus($"train-policy {s.Name}", p.Updates, args.Json, progress =>
                    HierarchicalPpo.Train(s, o.Ablation, p, o.CheckpointDirectory, resume, r =>
                    {
                        progress(r.Update, $"train-policy {s.Name}: reward {r.MeanReward:F3}");
                        if (r.Update % every == 0 || r.Update == r.Updates)
                            Console.WriteLine(Line(r));
                    }, stopAfter > TimeSpan.Zero ? stopAfter : TimeSpan.Zero));
                break;
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (o.CheckpointDirectory is not null && crashes < MaxNativeFailures)
            {
                // TorchSharp 0.107 can free a temporary Scalar while libtorch reads it (src/Inference/Models/Scalars.cs); the
                // training code's arithmetic is full of them. An update depends only on (seed, update, weights), so the
                // update re-run from the checkpoint before it is the one that failed, exactly.
                Console.WriteLine($"libtorch failed during an update ({e.Message.Split('\n')[0]}): resuming from the last checkpoint in {o.CheckpointDirectory}");
                resume = true;
            }
        }

        var last = result.Curve.Count > 0 ? result.Curve[^1] : null;
        var command = "train-policy " + string.Join(' ', System.Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "train-policy").Skip(1));
        PolicyFile.Write(o.Out, new PolicyHeader("splitwise-policy", PolicyFile.Version, s.Name, o.Ablation.ToString(), s.Codec, s.Model, s.Device,
            StateFeatures.Count, p.Hidden, p.LstmHidden, p, result.Curve.Count, result.Seconds, last?.MeanReward ?? double.NaN, command), result.Weights);
        TrainPolicyPlots.Write(o.Curve, $"{o.PolicyName} on {s.Name}, seed {p.Seed}", result.Curve, p.ImitationUpdates);
        var stopped = result.Curve.Count < p.Updates;
        Console.WriteLine($"policy: {o.Out} ({new FileInfo(o.Out).Length / 1024.0:F1} KiB); curve: {o.Curve}; {result.Curve.Count} of {p.Updates} updates"
                          + (stopped ? $" (stopped at the {o.MaxMinutes} min cap)" : "") + (result.ResumedAt > 0 ? $", resumed at update {result.ResumedAt}" : "")
                          + $"; training time {result.Seconds / 60:F1} min");
        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                command = "train-policy", scenario = s.Name, ablation = o.Ablation.ToString(), seed = p.Seed, updates = result.Curve.Count, planned_updates = p.Updates,
                envs = p.NumEnvs, steps = p.NumSteps, v = p.V, resumed_at = result.ResumedAt, training_seconds = result.Seconds, stopped_at_cap = stopped,
                policy = o.Out, curve_png = o.Curve, final = last,
            });
        }

        return 0;
    }

    private static string Line(UpdateReport r) => string.Create(CultureInfo.InvariantCulture,
        $"update {r.Update,4}/{r.Updates}: reward {r.MeanReward,8:F3}  latency {r.MeanLatencySeconds,7:F1} s  edge layers {r.MeanEdgeLayers,5:F2}  edge power/budget {r.MeanEdgePowerShare:F2}  pg {r.PolicyLoss:F4}  v {r.ValueLoss:F3}  entropy {r.Entropy:F2}  kl {r.ApproxKl:F4}  {r.Seconds / 60:F1} min");
}
