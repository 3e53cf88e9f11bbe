using Splitwise.Inference.Codecs;
using static TorchSharp.torch;

namespace Splitwise.Inference.Tests.Codecs;

public class Fp32SumTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 768, 4)]
    [InlineData(3, 37, 5)] // a width that is not a multiple of the vector size
    public void Equals_adding_the_partials_one_by_one_as_tensors(int rows, int cols, int count)
    {
        var generator = manual_seed(7);
        var partials = Enumerable.Range(0, count).Select(_ => randn(rows, cols, generator: generator) * 100).ToArray();
        using var expected = partials[0].clone();
        foreach (var p in partials.Skip(1))
            expected.add_(p);

        var sum = Fp32Sum.Of(partials.Select(p => ActivationCodecs.Fp32.Encode(p)).ToArray());

        using var actual = ActivationCodecs.Fp32.DecodeToTensor(sum);
        Assert.Equal(new long[] { rows, cols }, actual.shape);
        var bits = actual.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits);
        Assert.Equal(expected.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits), bits);
        foreach (var p in partials)
            p.Dispose();
    }

    [Fact]
    public void Refuses_partials_of_different_shapes()
    {
        byte[] a = ActivationCodecs.Fp32.Encode(new float[6], 2, 3);
        byte[] b = ActivationCodecs.Fp32.Encode(new float[6], 3, 2);

        var e = Assert.Throws<ArgumentException>(() => Fp32Sum.Of([a, b]));
        Assert.Contains("3 x 2", e.Message);
    }

    [Fact]
    public void Refuses_nothing_and_other_codecs()
    {
        Assert.Throws<ArgumentException>(() => Fp32Sum.Of([]));
        var int8 = ActivationCodecs.Get("int8").Encode(new float[4], 1, 4);
        Assert.Throws<CorruptActivationException>(() => Fp32Sum.Of([int8]));
    }
}
