namespace Splitwise.Contracts.Grains;

/// <summary>
/// The controller of one model's partition for one edge device (key <see cref="FabricKeys.Controller"/>, on the edge):
/// every epoch it measures the live fabric, runs its policy on the observation and publishes the plan through the plan
/// grain when the plan changes.
/// </summary>
public interface IControllerGrain : IGrainWithStringKey
{
    /// <summary>Builds the policy and starts the epochs (on a timer unless <see cref="ControllerSettings.ManualEpochs"/>).</summary>
    /// <exception cref="Errors.InvalidRequestException">the policy is unknown or cannot run live, or the settings are out of range.</exception>
    Task Start(ControllerSettings settings);

    /// <summary>Runs one epoch now: measure, decide, publish if changed.</summary>
    Task<ControllerDecision> Tick();

    Task Stop();

    /// <summary>Every epoch's decision since <see cref="Start"/>, oldest first (the last 10,000).</summary>
    Task<ControllerDecision[]> Decisions();
}

/// <summary>What a controller runs.</summary>
/// <param name="Policy">a policy name the live controller can run (see the Testbed's LivePolicies).</param>
/// <param name="EpochMs">the decision epoch, ms.</param>
/// <param name="EdgeDevice">the device profile the policy plans for; null: the emulated device, else rpi5.</param>
/// <param name="Codec">the boundary codec of the plans it publishes.</param>
/// <param name="PromptTokens">the representative request's prompt the plans are costed for.</param>
/// <param name="OutputTokens">its generated tokens.</param>
/// <param name="ProbeBytes">the link probe's payload each way every epoch (a second, empty probe gives the fit its other size); 0: no probe.</param>
/// <param name="ManualEpochs">no timer: epochs run when <see cref="IControllerGrain.Tick"/> is called (tests, replays).</param>
/// <param name="Calibration">the kernel calibration file; null: bench/host-calibration.json found above the working directory.</param>
[GenerateSerializer, Immutable, Alias("splitwise.ControllerSettings")]
public sealed record ControllerSettings(
    [property: Id(0)] string Policy,
    [property: Id(1)] int EpochMs = 1000,
    [property: Id(2)] string? EdgeDevice = null,
    [property: Id(3)] string Codec = "fp32",
    [property: Id(4)] int PromptTokens = 16,
    [property: Id(5)] int OutputTokens = 64,
    [property: Id(6)] int ProbeBytes = 2048,
    [property: Id(7)] bool ManualEpochs = false,
    [property: Id(8)] string? Calibration = null);

/// <summary>One epoch of a controller: what it observed, what it chose, whether it published.</summary>
/// <param name="Placement">the chosen plan per layer: E all on the edge, C all in the cloud, M mixed.</param>
/// <param name="PlanVersion">the plan version in force after the epoch.</param>
/// <param name="Published">a new plan was published this epoch.</param>
/// <param name="DecideMicroseconds">the policy's Decide call, wall time.</param>
[GenerateSerializer, Immutable, Alias("splitwise.ControllerDecision")]
public sealed record ControllerDecision(
    [property: Id(0)] long Epoch,
    [property: Id(1)] double TimeSeconds,
    [property: Id(2)] double UplinkMbps,
    [property: Id(3)] double DownlinkMbps,
    [property: Id(4)] double RttMs,
    [property: Id(5)] bool LinkUp,
    [property: Id(6)] int QueueLength,
    [property: Id(7)] string Placement,
    [property: Id(8)] long PlanVersion,
    [property: Id(9)] bool Published,
    [property: Id(10)] double DecideMicroseconds);
