namespace Splitwise.Client;

/// <summary>No gateway of the fabric answered within the connect timeout: says where the client looked.</summary>
public sealed class FabricUnreachableException(string where, TimeSpan waited, Exception last)
    : Exception($"no fabric gateway answered within {waited.TotalSeconds:F0} s ({where}); is src/EdgeHost running with the same clustering? last error: {last.Message}", last)
{
}
