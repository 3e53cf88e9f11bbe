namespace Splitwise.Onnx.Runtime;

/// <summary>A dense float32 tensor in row-major order: what crosses a cut and what the parity checks compare.</summary>
public sealed record FloatTensor(long[] Shape, float[] Data)
{
    public static FloatTensor Create(long[] shape, float[] data)
    {
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (shape.Any(d => d < 0) || count != data.Length)
        {
            throw new ArgumentException($"shape [{string.Join(",", shape)}] holds {count} values, data has {data.Length}");
        }

        return new FloatTensor(shape, data);
    }

    /// <summary>Uniform values in [low, high) from a seeded generator: the same seed gives the same tensor.</summary>
    public static FloatTensor Random(long[] shape, int seed, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        var data = new float[shape.Aggregate(1L, (a, d) => a * d)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = low + (float)random.NextDouble() * (high - low);
        }

        return Create(shape, data);
    }

    public long ByteCount => Data.LongLength * sizeof(float);

    public float MaxAbsDifference(FloatTensor other)
    {
        if (!Shape.SequenceEqual(other.Shape))
        {
            throw new ArgumentException(
                $"shapes differ: [{string.Join(",", Shape)}] vs [{string.Join(",", other.Shape)}]");
        }

        var max = 0f;
        for (var i = 0; i < Data.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(Data[i] - other.Data[i]));
        }

        return max;
    }
}
