namespace Splitwise.Inference.Codecs;

/// <summary>Byte 3 of every encoding: which codec wrote it. Values are part of the wire format; never renumber.</summary>
internal enum ActivationCodecTag : byte
{
    Fp32 = 1,
    Fp16 = 2,
    Int8 = 3,
    Int4 = 4,
}
