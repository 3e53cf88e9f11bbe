using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

public class ActivationCodecsTests
{
    [Fact]
    public void NamesAreTheFourCodecsFromMostToLeastPrecise() =>
        Assert.Equal(["fp32", "fp16", "int8", "int4"], ActivationCodecs.Names);

    [Theory]
    [InlineData("fp32", "fp32")]
    [InlineData("FP16", "fp16")]
    [InlineData("Int8", "int8")]
    [InlineData("iNT4", "int4")]
    public void GetIgnoresCase(string requested, string expected) =>
        Assert.Equal(expected, ActivationCodecs.Get(requested).Name);

    [Fact]
    public void GetReturnsOneSharedInstancePerCodec() =>
        Assert.Same(ActivationCodecs.Get("int8"), ActivationCodecs.Get("INT8"));

    [Theory]
    [InlineData("int3")]
    [InlineData("")]
    [InlineData(" fp16")]
    public void UnknownNameThrowsListingTheValidNames(string requested)
    {
        var error = Assert.Throws<UnknownCodecException>(() => ActivationCodecs.Get(requested));

        Assert.Equal(requested, error.RequestedName);
        Assert.Contains($"'{requested}'", error.Message);
        Assert.Contains("fp32, fp16, int8, int4", error.Message);
    }

    [Fact]
    public void NullNameThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => ActivationCodecs.Get(null!));
}
