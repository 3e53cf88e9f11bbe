using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Serialization.Invocation;

namespace Splitwise.Grains.Links;

/// <summary>
/// The codec a call's activations are encoded with: the value of its string parameter named "codec"
/// (every layer stage method has one), or "none" for calls that carry no activation.
/// </summary>
public static class PayloadCodec
{
    public const string None = "none";

    private static readonly ConcurrentDictionary<MethodInfo, int> CodecArgument = new();

    public static string Of(MethodInfo? method, IInvokable request)
    {
        if (method is null)
            return None;
        var index = CodecArgument.GetOrAdd(method, m => Array.FindIndex(m.GetParameters(), p => p.Name == "codec" && p.ParameterType == typeof(string)));
        return index >= 0 && index < request.GetArgumentCount() && request.GetArgument(index) is string { Length: > 0 } codec ? codec : None;
    }
}
