using System.Collections.Concurrent;
using TorchSharp;

namespace Splitwise.Inference.Models;

/// <summary>
/// Numbers handed to TorchSharp ops on hot paths, made once and kept alive. TorchSharp 0.107 turns a number into a
/// temporary <see cref="Scalar"/> and passes only its native handle to the op (e.g. the alpha of `a + b`): nothing keeps
/// the temporary reachable during the native call, so under allocation pressure its finalizer can free it while the op
/// reads it. The fabric hit this with ~30 concurrent sessions ("Expected false to be true ... toFloat" from an add).
/// </summary>
public static class Scalars
{
    /// <summary>1 as `a + b` passes it (int), the alpha of every add.</summary>
    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar Two = 2.ToScalar();

    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    private static readonly ConcurrentDictionary<double, Scalar> Doubles = new();

    /// <summary>A double kept alive for the process (for the few per-model constants: a scale, an epsilon).</summary>
    public static Scalar Of(double value) => Doubles.GetOrAdd(value, v => v.ToScalar());
}
