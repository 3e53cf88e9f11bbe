namespace Splitwise.Testbed.Learning;

/// <summary>
/// Every hyper-parameter of the hierarchical PPO (CleanRL's names). PPO as the issue and the authors' code set it:
/// clip 0.2, 4 epochs, gamma 0.99 (per 1 s epoch), Adam 3e-4, an entropy bonus, GAE. Each update collects <see cref="NumEnvs"/> fresh
/// episodes of <see cref="NumSteps"/> decisions that counted (a training trace, a random start in it, random initial virtual queues),
/// so an update depends only on (seed, update index, weights): what makes resume exact.
/// </summary>
/// <param name="V">the penalty's weight in the reward: minus (V x requests in the edge system this epoch + sum_i Z_i x usage_i).</param>
/// <param name="RewardScale">the drift-plus-penalty is divided by this, and clipped at <see cref="RewardClip"/>, to keep the value loss in range.</param>
/// <param name="InitialQueueMax">each episode's virtual queues start uniform in [0, this] (so the learner sees queues of every size).</param>
/// <param name="MoveInFlight">the rollouts' plans apply to the request in service at its next token (its KV caches moving), so every epoch's decision
/// counts; false = from the next request on (what `simulate` does by default).</param>
/// <param name="GammaPerDecision">discount once per decision that counted (a transition's reward is the plain sum of its epochs' rewards)
/// rather than per 1 s epoch: with requests in service for minutes, gamma 0.99 per epoch sees ~100 s ahead and cannot tell a slow plan
/// from a fast one, since both leave about as many requests in the system; per decision it sees ~100 requests ahead. Policies trained
/// before 2026-12-04 discounted per epoch.</param>
/// <param name="NormaliseReward">divide the drift-plus-penalty by its weights, V + sum_i Z_i: the ranking of an epoch's actions is the same,
/// but a large virtual queue no longer drives every action's reward into the clip, where they all look alike (false before 2026-12-04).</param>
/// <param name="ImitationUpdates">the first this many updates clone the myopic drift-plus-penalty controller (<see cref="DriftPlusPenaltyTeacher"/>,
/// the cost model on the past-only link estimate and the learner's virtual queues): its actions drive the rollouts and the loss is their
/// cross-entropy (plus the value loss and the entropy bonus); PPO from the policy it leaves. 0 = PPO from the first update (as before 2026-12-04).</param>
/// <param name="LayerBias">the first policy's logit bias on the low level's all-on-the-edge choices (<see cref="PolicyWeights.Initial"/>); 0 = uniform (as before 2026-12-04).</param>
public sealed record PpoOptions(
    int Seed = 1,
    int Updates = 60,
    int NumEnvs = 4,
    int NumSteps = 64,
    double LearningRate = 3e-4,
    double Gamma = 0.99,
    double GaeLambda = 0.95,
    int Minibatches = 4,
    int UpdateEpochs = 4,
    double ClipCoef = 0.2,
    double EntCoef = 0.01,
    double VfCoef = 0.5,
    double MaxGradNorm = 0.5,
    double AdamEps = 1e-5,
    double V = 1,
    double RewardScale = 1000,
    double RewardClip = 1,
    double InitialQueueMax = 10,
    int Hidden = 64,
    int LstmHidden = 32,
    bool AnnealLr = true,
    bool MoveInFlight = false,
    bool GammaPerDecision = true,
    bool NormaliseReward = true,
    double LayerBias = 4,
    int ImitationUpdates = 0)
{
    public int BatchSize => NumEnvs * NumSteps;

    public int MinibatchSize => BatchSize / Minibatches;

    public PpoOptions Validated()
    {
        if (Updates < 1 || ImitationUpdates < 0 || ImitationUpdates > Updates || NumEnvs < 1 || NumSteps < 2 || Minibatches < 1 || UpdateEpochs < 1 || BatchSize % Minibatches != 0)
            throw new ArgumentException($"PPO sizes: updates {Updates} (imitation {ImitationUpdates} of them), envs {NumEnvs}, steps {NumSteps}, minibatches {Minibatches} (must divide {BatchSize}), epochs {UpdateEpochs}");
        if (!(LearningRate > 0) || !(Gamma is > 0 and <= 1) || !(GaeLambda is >= 0 and <= 1) || !(ClipCoef > 0) || EntCoef < 0 || VfCoef < 0 || V < 0 || !(RewardScale > 0) || !(RewardClip > 0))
            throw new ArgumentException("PPO coefficients out of range");
        return this;
    }
}
