using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>Tensors already in memory (e.g. a freshly initialised model) behind the file interface.</summary>
public sealed class InMemoryTensorSource(IReadOnlyDictionary<string, torch.Tensor> tensors, string name = "in-memory") : ITensorSource
{
    public IReadOnlyCollection<string> Names => tensors.Keys.ToArray();

    public bool Contains(string tensorName) => tensors.ContainsKey(tensorName);

    public TensorInfo Info(string tensorName) => new(tensorName, TensorDType.F32, Get(tensorName).shape);

    public torch.Tensor ReadRows(string tensorName, long start, long count)
    {
        var t = Get(tensorName);
        CheckRange(tensorName, start, count, t.shape[0]);
        return t.detach().narrow(0, start, count).to(torch.float32).clone();
    }

    public torch.Tensor ReadColumns(string tensorName, long start, long count)
    {
        var t = Get(tensorName);
        if (t.dim() != 2)
            throw new ArgumentException($"{name}: '{tensorName}' is {t.dim()}-D; columns need a 2-D tensor");
        CheckRange(tensorName, start, count, t.shape[1]);
        return t.detach().narrow(1, start, count).to(torch.float32).contiguous().clone();
    }

    public override string ToString() => name;

    public void Dispose()
    {
        // The tensors belong to whoever handed them in.
    }

    private torch.Tensor Get(string tensorName) =>
        tensors.TryGetValue(tensorName, out var t) ? t : throw new MissingTensorException(name, tensorName);

    private void CheckRange(string tensorName, long start, long count, long length)
    {
        if (start < 0 || count < 0 || start + count > length)
            throw new ArgumentOutOfRangeException(nameof(start), $"{name}: '{tensorName}' slice [{start}, {start + count}) is outside [0, {length})");
    }
}
