using System.Buffers.Binary;
using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

public class CorruptActivationTests
{
    public static TheoryData<string> CodecNames => ["fp32", "fp16", "int8", "int4"];

    public static TheoryData<string> QuantizedCodecNames => ["int8", "int4"];

    private static byte[] ValidEncoding(IActivationCodec codec) =>
        codec.Encode(ActivationTestData.Rows(seed: 5, rows: 3, cols: 5, [1f, 2f]), 3, 5);

    private static CorruptActivationException DecodeFails(IActivationCodec codec, byte[] encoded) =>
        Assert.Throws<CorruptActivationException>(() => codec.Decode(encoded));

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void EmptyOrShorterThanHeader(string name)
    {
        var codec = ActivationCodecs.Get(name);

        DecodeFails(codec, []);
        var error = DecodeFails(codec, ValidEncoding(codec)[..11]);
        Assert.Contains("header", error.Message);
        Assert.Equal(name, error.Codec);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void BadMagic(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte[] encoded = ValidEncoding(codec);
        encoded[1] = (byte)'X';

        Assert.Contains("magic", DecodeFails(codec, encoded).Message);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void UnsupportedVersion(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte[] encoded = ValidEncoding(codec);
        encoded[2] = 2;

        Assert.Contains("version", DecodeFails(codec, encoded).Message);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void WrittenByAnotherCodec(string name)
    {
        var codec = ActivationCodecs.Get(name);
        foreach (string other in ActivationCodecs.Names)
        {
            if (other != name)
            {
                byte[] encoded = ValidEncoding(ActivationCodecs.Get(other));
                Assert.Contains($"'{other}'", DecodeFails(codec, encoded).Message);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void UnknownCodecTag(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte[] encoded = ValidEncoding(codec);
        encoded[3] = 200;

        Assert.Contains("unknown codec tag 200", DecodeFails(codec, encoded).Message);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void NegativeRowsOrCols(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte[] negativeRows = ValidEncoding(codec);
        BinaryPrimitives.WriteInt32LittleEndian(negativeRows.AsSpan(4), -1);
        byte[] negativeCols = ValidEncoding(codec);
        BinaryPrimitives.WriteInt32LittleEndian(negativeCols.AsSpan(8), int.MinValue);

        Assert.Contains("negative", DecodeFails(codec, negativeRows).Message);
        Assert.Contains("negative", DecodeFails(codec, negativeCols).Message);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void ElementCountOverflow(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte tag = ValidEncoding(codec)[3];

        Assert.Contains("more elements", DecodeFails(codec, ActivationTestData.Header(tag, int.MaxValue, int.MaxValue)).Message);
        Assert.Contains("more elements", DecodeFails(codec, ActivationTestData.Header(tag, 65536, 65536)).Message);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void HugeClaimedShapeWithShortPayloadFailsBeforeAllocating(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte tag = ValidEncoding(codec)[3];

        // 2e9 elements fit an array; the length check must come before the 8 GB allocation.
        Assert.Contains("bytes", DecodeFails(codec, ActivationTestData.Header(tag, 1_000_000, 2_000)).Message);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void TruncatedOrTrailingPayload(string name)
    {
        var codec = ActivationCodecs.Get(name);
        byte[] valid = ValidEncoding(codec);

        DecodeFails(codec, valid[..^1]);
        DecodeFails(codec, [.. valid, 0]);
    }

    [Theory]
    [MemberData(nameof(QuantizedCodecNames))]
    public void ScaleThatTheEncoderCannotWrite(string name)
    {
        var codec = ActivationCodecs.Get(name);
        foreach (float badScale in new[] { float.NaN, float.PositiveInfinity, -1f })
        {
            byte[] encoded = ValidEncoding(codec);
            BinaryPrimitives.WriteSingleLittleEndian(encoded.AsSpan(12 + 4), badScale);

            Assert.Contains("row 1 has scale", DecodeFails(codec, encoded).Message);
        }
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void EncodeRejectsShapeThatDoesNotMatchTheValues(string name)
    {
        var codec = ActivationCodecs.Get(name);

        Assert.Throws<ArgumentException>(() => codec.Encode(new float[6], 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.Encode(new float[0], -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.Encode(new float[0], 0, -3));
    }
}
