using System.Text.Json;

namespace Splitwise.Testbed.Cloud;

/// <summary>
/// Measured decode throughput against batch size (`bench batching`: aggregate tokens/s at 1, 2, 4, ... concurrent
/// sessions), as a step-time shape for <see cref="BatchedGpu"/>: a decode step of b sessions takes
/// <see cref="Slowdown"/>(b) = b x tokens/s(1) / tokens/s(b) times a lone step. Tokens/s is interpolated linearly
/// between measured batches and held at the last one beyond it (the step then grows linearly with the batch).
/// </summary>
public sealed class BatchCurve
{
    private readonly (int Batch, double TokensPerSecond)[] _points;

    public BatchCurve(IEnumerable<(int Batch, double TokensPerSecond)> points)
    {
        _points = points.OrderBy(p => p.Batch).ToArray();
        if (_points.Length == 0 || _points[0].Batch != 1)
            throw new ArgumentException("a batch curve needs a point at batch 1 (one session's tokens/s)", nameof(points));
        if (_points.Any(p => p.TokensPerSecond <= 0 || double.IsNaN(p.TokensPerSecond)))
            throw new ArgumentException("every point of a batch curve needs positive tokens/s", nameof(points));
        if (_points.Select(p => p.Batch).Distinct().Count() != _points.Length)
            throw new ArgumentException("a batch curve has one point per batch size", nameof(points));
    }

    public IReadOnlyList<(int Batch, double TokensPerSecond)> Points => _points;

    /// <summary>Aggregate tokens/s at <paramref name="batch"/> sessions (at least 1).</summary>
    public double TokensPerSecond(double batch)
    {
        var b = Math.Max(1, batch);
        for (var i = 1; i < _points.Length; i++)
        {
            if (b <= _points[i].Batch)
            {
                var (b0, t0) = _points[i - 1];
                var (b1, t1) = _points[i];
                return t0 + (t1 - t0) * (b - b0) / (b1 - b0);
            }
        }

        return _points[^1].TokensPerSecond;
    }

    /// <summary>A decode step of <paramref name="batch"/> sessions over a lone session's step.</summary>
    public double Slowdown(double batch)
    {
        var b = Math.Max(1, batch);
        return b * _points[0].TokensPerSecond / TokensPerSecond(b);
    }

    /// <summary>
    /// The curve of one model from `bench batching --json` output: its Inference-level batched tokens/s (the kernels'
    /// scaling, without the fabric's per-call overhead) of the first result whose model name starts with <paramref name="model"/>;
    /// at one session the faster of batched and one-by-one (the same work, measured twice).
    /// </summary>
    public static BatchCurve FromBenchJson(string json, string model)
    {
        using var doc = JsonDocument.Parse(json);
        foreach (var result in doc.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.GetProperty("model").GetString()!.StartsWith(model, StringComparison.Ordinal))
                continue;
            return new BatchCurve(result.GetProperty("levels").EnumerateArray().Select(l =>
            {
                var sessions = l.GetProperty("sessions").GetInt32();
                var batched = l.GetProperty("batched_tokens_per_second").GetDouble();
                // One session batched and one session alone are the same work; the bench's first level also pays the
                // process's warm-up, so the faster of the two is the lone step's time.
                return sessions == 1 && l.TryGetProperty("sequential_tokens_per_second", out var alone) ? (sessions, Math.Max(batched, alone.GetDouble())) : (sessions, batched);
            }));
        }

        throw new ArgumentException($"no bench batching result for a model named '{model}...'", nameof(model));
    }
}
