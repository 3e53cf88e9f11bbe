using Splitwise.Inference.Codecs;

namespace Splitwise.Testbed.Cost;

/// <summary>Bytes of an activation [rows, cols] encoded by a named codec, as the fabric puts it on the link.</summary>
public static class CodecBytes
{
    /// <exception cref="UnknownCodecException">not fp32, fp16, int8 or int4.</exception>
    public static long Encoded(string codec, int rows, int cols) => ActivationCodecs.Get(codec).Name switch
    {
        "fp32" => Fp32ActivationCodec.EncodedLength(rows, cols),
        "fp16" => Fp16ActivationCodec.EncodedLength(rows, cols),
        "int8" => Int8ActivationCodec.EncodedLength(rows, cols),
        _ => Int4ActivationCodec.EncodedLength(rows, cols),
    };
}
