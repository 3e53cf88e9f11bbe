namespace Splitwise.Contracts.Grains;

/// <summary>
/// The edge half of a split ONNX model (key: <see cref="OnnxSplitKeys.Head"/>): runs the head on the input, sends
/// the one crossing tensor to the cloud tail across the link, and returns the model's output.
/// </summary>
public interface IOnnxHeadGrain : IGrainWithStringKey
{
    /// <param name="input">The model input as a wire tensor (rank, int64 dims, float32 values).</param>
    Task<OnnxSplitRun> Infer([Immutable] byte[] input);
}

/// <summary>The cloud half (key: <see cref="OnnxSplitKeys.Tail"/>): crossing tensor in, model output out.</summary>
public interface IOnnxTailGrain : IGrainWithStringKey
{
    Task<OnnxTailRun> Run([Immutable] byte[] crossing);
}

/// <param name="Output">The model output as a wire tensor.</param>
/// <param name="HeadMs">ONNX Runtime time of the head on the edge silo, measured, not emulated.</param>
/// <param name="TailMs">Likewise for the tail on the cloud silo.</param>
/// <param name="RoundTripMs">From sending the crossing tensor to receiving the output, link delays included.</param>
/// <param name="CrossingBytes">Bytes of the crossing tensor as sent.</param>
[GenerateSerializer, Immutable, Alias("splitwise.OnnxSplitRun")]
public sealed record OnnxSplitRun(
    [property: Id(0)] byte[] Output,
    [property: Id(1)] double HeadMs,
    [property: Id(2)] double TailMs,
    [property: Id(3)] double RoundTripMs,
    [property: Id(4)] long CrossingBytes,
    [property: Id(5)] string HeadSilo,
    [property: Id(6)] string TailSilo);

[GenerateSerializer, Immutable, Alias("splitwise.OnnxTailRun")]
public sealed record OnnxTailRun([property: Id(0)] byte[] Output, [property: Id(1)] double TailMs, [property: Id(2)] string Silo);
