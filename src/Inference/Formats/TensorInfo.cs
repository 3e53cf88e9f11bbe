namespace Splitwise.Inference.Formats;

public enum TensorDType
{
    F32,
    F16,
    BF16,
}

public sealed record TensorInfo(string Name, TensorDType DType, long[] Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
