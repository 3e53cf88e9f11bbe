using static TorchSharp.torch;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// A forward pass's tensor work between two awaits: no autograd, and every temporary of the work disposed when it
/// returns, its result(s) kept. TorchSharp's dispose scopes are per thread, so a scope must never span an await.
/// </summary>
internal static class TensorWork
{
    public static Tensor Sync(Func<Tensor> f)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return f().MoveToOuterDisposeScope();
    }

    public static (Tensor, Tensor) Sync2(Func<(Tensor, Tensor)> f)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (a, b) = f();
        return (a.MoveToOuterDisposeScope(), b.MoveToOuterDisposeScope());
    }
}
