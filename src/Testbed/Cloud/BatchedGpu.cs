using Splitwise.Inference.Models;
using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cloud;

/// <summary>
/// One cloud GPU serving a model to many tenants with continuous batching (Orca, Yu et al. OSDI 2022; vLLM, Kwon et
/// al. SOSP 2023): every iteration runs one decode step of every request in the batch. Step times are a roofline on
/// the GPU's profile (figures and sources: <see cref="DeviceProfiles.CloudA100"/>: 85% of the datasheet's 2,039 GB/s,
/// 70% of its 312 TFLOP/s FP16): a decode iteration reads the weights once plus every request's KV cache and does
/// 2 x parameters FLOPs per request, so it is memory bound and grows with the batch (the behaviour Patel et al.,
/// Splitwise ISCA 2024, measure for the token phase); a prefill does 2 x parameters FLOPs per prompt token and is
/// compute bound. The batch is capped by the KV memory left after the weights (vLLM's paged cache admits no more).
/// </summary>
public sealed class BatchedGpu
{
    public BatchedGpu(DeviceProfile gpu, TransformerShape shape, int bytesPerElement = 2)
    {
        (Gpu, Shape) = (gpu, shape);
        var d = (long)shape.DModel;
        var kv = (long)shape.NKvHead * shape.HeadDim;
        var attention = d * d * 2 + d * kv * 2;
        var ffn = (shape.Ffn == FfnKind.SwiGlu ? 3L : 2L) * d * shape.DFf;
        Parameters = shape.NLayer * (attention + ffn) + (long)shape.VocabSize * d;
        WeightBytes = Parameters * bytesPerElement;
        KvBytesPerToken = 2L * shape.NLayer * kv * bytesPerElement;
        (_flops, _bandwidth) = (gpu.FlopsPerSecond(bytesPerElement), gpu.BytesPerSecond);
    }

    private readonly double _flops, _bandwidth;

    public DeviceProfile Gpu { get; }

    public TransformerShape Shape { get; }

    public long Parameters { get; }

    public long WeightBytes { get; }

    public long KvBytesPerToken { get; }

    /// <summary>One decode iteration of <paramref name="batch"/> requests whose caches hold <paramref name="cachedTokens"/> positions in all.</summary>
    /// <summary>
    /// When set, a batch's decode step is one request's lone step (the roofline's, with the batch's mean cache) times
    /// the measured curve's slowdown at that batch, instead of the roofline's own batch term: the batch curve measured
    /// on this machine (`bench batching`, whose batches also read every session's cache) in place of the profile's figures.
    /// </summary>
    public BatchCurve? Curve { get; init; }

    public double DecodeStepSeconds(double batch, double cachedTokens) => Curve is { } curve
        ? Math.Max((WeightBytes + cachedTokens / Math.Max(1, batch) * KvBytesPerToken) / _bandwidth, 2.0 * Parameters / _flops) * curve.Slowdown(batch)
        : Math.Max((WeightBytes + cachedTokens * KvBytesPerToken) / _bandwidth, 2.0 * Parameters * Math.Max(1, batch) / _flops);

    /// <summary>A prefill of <paramref name="tokens"/> prompt tokens alone on the GPU.</summary>
    public double PrefillSeconds(double tokens) => Math.Max(WeightBytes / _bandwidth, 2.0 * Parameters * tokens / _flops);

    /// <summary>Requests of <paramref name="meanContext"/> cached positions that fit the memory left after the weights.</summary>
    public int MaxBatch(double meanContext) =>
        (int)Math.Max(1, Math.Floor((Gpu.MemoryBytes - WeightBytes) / (Math.Max(1, meanContext) * KvBytesPerToken)));
}
