using Splitwise.Inference.Codecs;
using static TorchSharp.torch;

namespace Splitwise.Inference.Tests.Codecs;

public class Fp32RowsTests
{
    private static byte[] Payload(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        values[0] = -0f;
        return ActivationCodecs.Fp32.Encode(values, rows, cols);
    }

    [Fact]
    public void Stacking_equals_decoding_each_payload_and_concatenating_them()
    {
        byte[][] payloads = [Payload(1, 8, 1), Payload(3, 8, 2), Payload(1, 8, 3)];
        var rows = new int[payloads.Length];
        using var stacked = Fp32Rows.Stack(payloads, rows);
        using var expected = cat(payloads.Select(p => ActivationCodecs.Fp32.DecodeToTensor(p)).ToArray(), 0);
        Assert.Equal([1, 3, 1], rows);
        Assert.Equal(expected.shape, stacked.shape);
        Assert.Equal(ActivationCodecs.Fp32.Encode(expected), ActivationCodecs.Fp32.Encode(stacked));
    }

    [Fact]
    public void Splitting_gives_each_part_the_bytes_of_encoding_it_alone()
    {
        byte[][] payloads = [Payload(2, 5, 4), Payload(1, 5, 5), Payload(4, 5, 6)];
        var rows = new int[payloads.Length];
        using var stacked = Fp32Rows.Stack(payloads, rows);
        var parts = Fp32Rows.Split(stacked, rows);
        Assert.Equal(payloads, parts);
        // A view that is not contiguous splits the same as its copy.
        using var transposed = stacked.t().contiguous().t();
        Assert.Equal(payloads, Fp32Rows.Split(transposed, rows));
    }

    [Fact]
    public void Payloads_of_other_widths_or_codecs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Fp32Rows.Stack([Payload(1, 4, 1), Payload(1, 5, 1)], new int[2]));
        var int8 = ActivationCodecs.Get("int8").Encode(new float[4], 1, 4);
        Assert.ThrowsAny<Exception>(() => Fp32Rows.Stack([Payload(1, 4, 1), int8], new int[2]));
        Assert.Throws<ArgumentException>(() => Fp32Rows.Split(zeros(3, 4), [1, 1]));
    }
}
