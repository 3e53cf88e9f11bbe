using Splitwise.Contracts;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Budgets;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Presets;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Controller;

/// <summary>
/// The planning side of a live model, built as `simulate` builds a preset's (<see cref="SimulationSetup"/>) but from the
/// served model's own shape and decomposition: an <see cref="ExecutionModel"/> whose edge is the emulated device's
/// calibrated <see cref="CostModel"/> and whose cloud is this machine's (the kernel calibration, as
/// <see cref="DeviceStretch"/> and `bench emulation` use them), fp32 like the fabric, the plan's codec; the
/// <see cref="PlanCoster"/> on the fabric's route for the representative request; the edge memory for its context; the
/// <see cref="PolicyContext"/> every policy takes; and the <see cref="FabricStepModel"/> that predicts a token's time
/// through the fabric (for comparing live with simulated).
/// </summary>
public sealed class LiveSetup
{
    public LiveSetup(TransformerShape shape, DecompositionSpec spec, DeviceProfile edge, KernelCalibration calibration, string codec,
        RequestShape representative, double epochSeconds, double callOverheadSeconds = 0, double crossingOverheadSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var host = CostModel.Host(calibration);
        var edgeCost = CostModel.Calibrated(edge, calibration);
        (Shape, Edge, Codec, Representative) = (shape, edge, codec, representative);
        Execution = new ExecutionModel(shape, spec, edgeCost, host, codec);
        Options = new SimulationOptions(epochSeconds, RouteMode.Fabric).Validated();
        Coster = new PlanCoster(Execution, RouteMode.Fabric, representative);
        Memory = new EdgeMemoryModel(Execution, edge, Precision.Fp32, Math.Min(shape.MaxSeqLen, representative.MaxContext));
        Context = new PolicyContext(Coster, Memory);
        CodecLossBitsPerByte = CodecLoss.BitsPerByte(codec);
        CallOverheadSeconds = callOverheadSeconds;
        CrossingOverheadSeconds = crossingOverheadSeconds;
    }

    public TransformerShape Shape { get; }

    public DeviceProfile Edge { get; }

    public string Codec { get; }

    public RequestShape Representative { get; }

    public ExecutionModel Execution { get; }

    public SimulationOptions Options { get; }

    public PlanCoster Coster { get; }

    public EdgeMemoryModel Memory { get; }

    public PolicyContext Context { get; }

    public double CodecLossBitsPerByte { get; }

    public double CallOverheadSeconds { get; }

    /// <summary>Added per payload crossing between the silos (<see cref="FabricStepModel"/>).</summary>
    public double CrossingOverheadSeconds { get; }

    /// <summary>The drift-plus-penalty settings of the live controller: no budgets unless given, the plan's codec loss.</summary>
    public LyapunovSettings Lyapunov(Budgets.Budgets? budgets = null, double v = 1) =>
        new(budgets ?? Budgets.Budgets.None, Options.EpochSeconds, CodecLossBitsPerByte, v);

    /// <summary>A token's step through the fabric on <paramref name="link"/> (null: no link delay).</summary>
    public FabricStepModel StepModel(ILinkModel? link) => new(Shape, Execution.Edge, Execution.Cloud, link, CallOverheadSeconds, CrossingOverheadSeconds);

    /// <summary>An observation builder for this setup (its device, memory, codec loss).</summary>
    public ObservationBuilder Observations(LinkState initialLink, Budgets.Budgets? budgets = null) =>
        new(Options, Edge, Edge.MemoryBytes, initialLink, budgets, CodecLossBitsPerByte);
}
