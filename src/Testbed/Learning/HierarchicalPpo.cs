using System.Diagnostics;
using Splitwise.Testbed.Environment;
using static TorchSharp.torch;

namespace Splitwise.Testbed.Learning;

/// <summary>One PPO update as the learning curve records it.</summary>
public sealed record UpdateReport(
    int Update, int Updates, double MeanReward, double MeanLatencySeconds, double MeanEdgeLayers, double MeanEdgePowerShare,
    double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double Seconds);

public sealed record TrainingResult(PolicyWeights Weights, IReadOnlyList<UpdateReport> Curve, int ResumedAt, double Seconds);

/// <summary>
/// Hierarchical PPO (Schulman et al. 2017) in CleanRL's single-file style, on <see cref="SplitEnvironment"/>.
/// A transition is a decision that counted: with plans applying from the next request on (`simulate`'s default) the
/// plan in force when a request starts; with <see cref="PpoOptions.MoveInFlight"/> every epoch's. Its reward is the sum of
/// the epochs' rewards until the next such decision, discounted once per decision or per epoch (<see cref="SemiMdpTransition"/>);
/// NumSteps counts them.
/// The policy is hierarchical in its action: a high level (offload bucket, codec) and a low level per layer (attention
/// bucket, FFN mode) from an LSTM across the layers conditioned on the high-level choice (<see cref="PolicyNetwork"/>);
/// PPO treats the joint action's log-probability (sum of the heads') with one value baseline. Rollouts are sampled by
/// the plain C# pass (<see cref="PolicyForward"/>, the run-time code), the update runs in TorchSharp on the CPU, one
/// thread. Each update: rollout, GAE advantages and returns, then update_epochs passes over shuffled minibatches of
/// the clipped surrogate (clip_coef), the value loss (vf_coef) and the entropy bonus (ent_coef), gradients clipped,
/// Adam (written out below so its state goes into checkpoints). Deterministic by seed; after each update a checkpoint
/// (weights, Adam moments, the curve) lets a run resume exactly. With <see cref="PpoOptions.ImitationUpdates"/> the first updates
/// are behaviour cloning instead: the myopic drift-plus-penalty controller acts in the rollouts and the loss is the
/// cross-entropy of its actions (a warm start for the learner; the rest of the update is the same).
/// </summary>
public static class HierarchicalPpo
{
    /// <summary>An episode ends after this many epochs without a decision that counted (a slow policy's queue grows and requests start rarely).</summary>
    public const int MaxEpochsPerDecision = 600;

    /// <param name="stopAfter">stop after the update that passes this wall time (counted from this call); null = run every update.</param>
    public static TrainingResult Train(Scenario scenario, Ablation ablation, PpoOptions options, string? checkpointDirectory = null, bool resume = false,
        Action<UpdateReport>? progress = null, TimeSpan? stopAfter = null)
    {
        var o = options.Validated();
        set_num_threads(1);
        manual_seed(o.Seed);
        var clock = Stopwatch.StartNew();
        var shape = new NetworkShape(StateFeatures.Count, o.Hidden, o.LstmHidden);
        var masks = new ActionMasks(ablation, scenario.Codec);
        var worlds = new TrainingWorlds(scenario, 400);
        var builders = new Dictionary<World, PlanBuilder>();
        var teachers = new Dictionary<World, DriftPlusPenaltyTeacher>();
        var layers = worlds.Get(0, 0).Setup.Coster.Model.Shape.NLayer;
        int n = o.BatchSize, f = StateFeatures.Count;

        var checkpoint = resume && checkpointDirectory is not null ? PpoCheckpoint.Load(checkpointDirectory, scenario, ablation, o) : null;
        using var net = new PolicyNetwork(checkpoint?.Weights ?? PolicyWeights.Initial(shape, o.Seed, ActionSpace.OffloadBuckets - 1, ActionSpace.CodecIndex(scenario.Codec), (float)o.LayerBias));
        var adam = new Adam(net.Parameters, net.Critic, checkpoint);
        var curve = new List<UpdateReport>(checkpoint?.Curve ?? []);
        var start = checkpoint?.NextUpdate ?? 0;
        var reward = new LyapunovReward(o, queueTerm: ablation != Ablation.NoLyapunov);

        // Rollout storage: one row per decision that counted (the plan a request started under).
        var obs = new float[n * f];
        var offloads = new long[n];
        var codecs = new long[n];
        var edge = new float[n * layers];
        var attention = new long[n * layers];
        var ffn = new long[n * layers];
        var logprobs = new float[n];
        var values = new float[n];
        var rewards = new float[n];
        var discounts = new float[n];
        var dones = new bool[n];
        var advantages = new float[n];
        var returns = new float[n];
        var x = new float[f];
        var a = new byte[layers];
        var m = new byte[layers];

        for (var update = start; update < o.Updates; update++)
        {
            var random = new Random(o.Seed * 100_003 + update);
            var imitating = update < o.ImitationUpdates;
            var forward = new PolicyForward(net.Export(), layers);
            double latencySum = 0, edgeLayerSum = 0, powerSum = 0, rewardSum = 0;
            long epochs = 0;
            var served = 0;
            var lastValues = new float[o.NumEnvs];
            for (var e = 0; e < o.NumEnvs; e++)
            {
                var world = worlds.Get(random.Next(worlds.Traces), random.Next(TrainingWorlds.Starts));
                if (!builders.TryGetValue(world, out var builder))
                    builders[world] = builder = new PlanBuilder(world.Setup.Context);
                var env = SplitEnvironment.Reset(world);
                reward.Reset(random);
                // The policy decides every epoch (as at run time), but with plans applying from the next request on only the
                // decision in force when a request starts changes anything: those are the transitions kept (a semi-MDP).
                // Each one collects the rewards until the next one (SemiMdpTransition) and bootstraps on its value.
                var t = -1;
                double discount = 1;
                long episodeEpochs = 0;
                while (true)
                {
                    // A policy that lets the queue grow makes decisions rare: past this many epochs since the last decision the
                    // episode ends (counted as terminal, not bootstrapped) and a fresh one continues the collection.
                    if (++episodeEpochs > MaxEpochsPerDecision && t >= 0)
                    {
                        dones[e * o.NumSteps + t] = true;
                        world = worlds.Get(random.Next(worlds.Traces), random.Next(TrainingWorlds.Starts));
                        if (!builders.TryGetValue(world, out builder))
                            builders[world] = builder = new PlanBuilder(world.Setup.Context);
                        env = SplitEnvironment.Reset(world);
                        reward.Reset(random);
                        episodeEpochs = 0;
                        continue;
                    }

                    StateFeatures.Write(env.Observation, reward.Queues, x);
                    forward.Encode(x);
                    int off, codec;
                    double logp = 0;
                    if (imitating)
                        (off, codec) = Teacher(teachers, world, o, ablation).Act(env.Observation, reward.Queues, a, m);
                    else
                        logp = masks.Choose(forward, layers, random, out off, out codec, a, m);
                    var plan = builder.Build(off, codec, a, m, out var kept);
                    var before = env.Started;
                    var (_, outcome) = env.Step(plan, o.MoveInFlight);
                    var r = reward.Step(outcome, env.QueueLength + (env.Busy ? 1 : 0));
                    if (env.Started > before || o.MoveInFlight)
                    {
                        if (t == o.NumSteps - 1)
                        {
                            lastValues[e] = forward.Value;
                            break;
                        }

                        t++;
                        var i = e * o.NumSteps + t;
                        x.CopyTo(obs.AsSpan(i * f, f));
                        (logprobs[i], values[i], offloads[i], codecs[i], rewards[i], discounts[i], dones[i]) = ((float)logp, forward.Value, off, codec, 0, 1, false);
                        var edgePart = ActionSpace.EdgeLayers(off, layers);
                        for (var l = 0; l < layers; l++)
                            (edge[i * layers + l], attention[i * layers + l], ffn[i * layers + l]) = (l < edgePart ? 1 : 0, a[l], m[l]);
                        edgeLayerSum += kept;
                        discount = 1;
                        episodeEpochs = 0;
                    }

                    if (t >= 0)
                    {
                        var i = e * o.NumSteps + t;
                        (rewards[i], discount) = SemiMdpTransition.Accrue(rewards[i], discount, r, o);
                        discounts[i] = (float)discount;
                    }

                    (rewardSum, powerSum, epochs) = (rewardSum + r, powerSum + outcome.Budgets.EdgePower, epochs + 1);
                    foreach (var c in outcome.Completed)
                        (latencySum, served) = (latencySum + c.LatencySeconds, served + 1);
                    if (env.Done)
                    {
                        if (t >= 0)
                            dones[e * o.NumSteps + t] = true;
                        env = SplitEnvironment.Reset(world);
                        reward.Reset(random);
                    }
                }
            }

            // GAE (Schulman et al. 2016) over each environment's decisions, backwards; a transition discounts its successor by
            // its own discount (gamma, or gamma^k over k epochs); a done one does not bootstrap.
            for (var e = 0; e < o.NumEnvs; e++)
            {
                double gae = 0;
                for (var t = o.NumSteps - 1; t >= 0; t--)
                {
                    var i = e * o.NumSteps + t;
                    var nextValue = t == o.NumSteps - 1 ? lastValues[e] : values[i + 1];
                    var nonTerminal = dones[i] ? 0.0 : 1.0;
                    var delta = rewards[i] + discounts[i] * nextValue * nonTerminal - values[i];
                    gae = delta + discounts[i] * o.GaeLambda * nonTerminal * gae;
                    advantages[i] = (float)gae;
                    returns[i] = (float)(gae + values[i]);
                }
            }

            var lr = o.AnnealLr ? o.LearningRate * (1 - (double)update / o.Updates) : o.LearningRate;
            var (pgLoss, vLoss, entropy, kl) = Optimise(net, adam, masks, o, lr, random, layers, imitating,
                obs, offloads, codecs, edge, attention, ffn, logprobs, advantages, returns);
            var report = new UpdateReport(update + 1, o.Updates, rewardSum / Math.Max(1, epochs), served == 0 ? double.NaN : latencySum / served, edgeLayerSum / n,
                powerSum / Math.Max(1, epochs), pgLoss, vLoss, entropy, kl, clock.Elapsed.TotalSeconds + (checkpoint?.Seconds ?? 0));
            curve.Add(report);
            if (checkpointDirectory is not null)
                PpoCheckpoint.Save(checkpointDirectory, scenario, ablation, o, update + 1, net.Export(), adam, curve, report.Seconds);
            progress?.Invoke(report);
            if (stopAfter is { } cap && clock.Elapsed >= cap)
                break;
        }

        return new TrainingResult(net.Export(), curve, start, clock.Elapsed.TotalSeconds + (checkpoint?.Seconds ?? 0));
    }

    /// <summary>The teacher of a world, kept with it (its arrival-rate estimate runs over the world's episodes, all of one arrival process).</summary>
    private static DriftPlusPenaltyTeacher Teacher(Dictionary<World, DriftPlusPenaltyTeacher> teachers, World world, PpoOptions o, Ablation ablation)
    {
        if (!teachers.TryGetValue(world, out var teacher))
            teachers[world] = teacher = new DriftPlusPenaltyTeacher(world, o.V, queueTerm: ablation != Ablation.NoLyapunov);
        return teacher;
    }

    /// <param name="imitation">behaviour cloning: the loss is the actions' cross-entropy (reported as the policy loss; no ratio, KL 0) in place of the clipped surrogate.</param>
    private static (double Pg, double V, double Entropy, double Kl) Optimise(PolicyNetwork net, Adam adam, ActionMasks masks, PpoOptions o, double lr, Random random,
        int layers, bool imitation, float[] obs, long[] offloads, long[] codecs, float[] edge, long[] attention, long[] ffn, float[] logprobs, float[] advantages, float[] returns)
    {
        var n = o.BatchSize;
        using var scope = NewDisposeScope();
        var bObs = tensor(obs, [n, StateFeatures.Count]);
        var bOffload = tensor(offloads);
        var bCodec = tensor(codecs);
        var bEdge = tensor(edge, [n, layers]);
        var bAttention = tensor(attention, [n, layers]);
        var bFfn = tensor(ffn, [n, layers]);
        var bLogp = tensor(logprobs);
        var bAdv = tensor(advantages);
        var bRet = tensor(returns);
        var order = Enumerable.Range(0, n).ToArray();
        double pg = 0, v = 0, ent = 0, kl = 0;
        var count = 0;
        for (var epoch = 0; epoch < o.UpdateEpochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += o.MinibatchSize)
            {
                using var inner = NewDisposeScope();
                var idx = tensor(order.AsSpan(start, o.MinibatchSize).ToArray().Select(i => (long)i).ToArray());
                var (newLogp, entropy, newValue) = net.Evaluate(bObs.index_select(0, idx), bOffload.index_select(0, idx), bCodec.index_select(0, idx),
                    bEdge.index_select(0, idx), bAttention.index_select(0, idx), bFfn.index_select(0, idx), masks);
                var logratio = newLogp - bLogp.index_select(0, idx);
                var ratio = logratio.exp();
                var pgLoss = imitation ? -newLogp.mean() : ClippedSurrogate(ratio, bAdv.index_select(0, idx), o.ClipCoef);
                var vLoss = 0.5 * (newValue - bRet.index_select(0, idx)).pow(2).mean();
                var entropyLoss = entropy.mean();
                var loss = pgLoss - o.EntCoef * entropyLoss + o.VfCoef * vLoss;
                adam.ZeroGrad();
                loss.backward();
                adam.Step(lr, o.MaxGradNorm, o.AdamEps);
                if (!imitation)
                {
                    using (no_grad())
                        kl += ((ratio - 1) - logratio).mean().item<float>();
                }

                pg += pgLoss.item<float>();
                v += vLoss.item<float>();
                ent += entropyLoss.item<float>();
                count++;
            }
        }

        return (pg / count, v / count, ent / count, kl / count);
    }

    /// <summary>PPO's clipped surrogate loss over a minibatch, its advantages normalised.</summary>
    private static Tensor ClippedSurrogate(Tensor ratio, Tensor advantages, double clipCoef)
    {
        var mbAdv = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
        var pg1 = -mbAdv * ratio;
        var pg2 = -mbAdv * ratio.clamp(1 - clipCoef, 1 + clipCoef);
        return maximum(pg1, pg2).mean();
    }
}
