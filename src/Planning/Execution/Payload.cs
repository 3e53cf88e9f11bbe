namespace Splitwise.Planning.Execution;

/// <summary>An activation [Rows, Cols] as a call carries it, encoded by <see cref="Codec"/> (fp32 on a tier's own calls).</summary>
public readonly record struct Payload(string Codec, int Rows, int Cols);
