using Splitwise.Inference.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Formats;

public class RotaryPermutationTests
{
    [Fact]
    public void TensorPermutationsAreInverseAndAgreeWithRowMaps()
    {
        using var scope = torch.NewDisposeScope();
        const int heads = 3, headSize = 6, columns = 5;
        var interleaved = torch.arange(heads * headSize, dtype: torch.ScalarType.Float32).unsqueeze(1).expand(-1, columns);
        var rotateHalf = RotaryPermutation.ToRotateHalf(interleaved, heads);
        Assert.True(RotaryPermutation.ToInterleaved(rotateHalf, heads).allclose(interleaved, rtol: 0, atol: 0));
        for (long row = 0; row < heads * headSize; row++)
        {
            Assert.Equal(RotaryPermutation.InterleavedRowOf(row, headSize), (long)rotateHalf[row, 0].item<float>());
            Assert.Equal(row, RotaryPermutation.InterleavedRowOf(RotaryPermutation.RotateHalfRowOf(row, headSize), headSize));
        }
        // Head 0 of size 6: pairs (0,1) (2,3) (4,5) become halves [0 2 4 | 1 3 5].
        Assert.Equal([0L, 2, 4, 1, 3, 5], Enumerable.Range(0, 6).Select(r => RotaryPermutation.InterleavedRowOf(r, headSize)));
    }

    /// <summary>
    /// The point of the permutation: run.c's interleaved RoPE on llama2.c weights and Hugging Face's
    /// rotate-half RoPE on the permuted weights give the same attention scores.
    /// </summary>
    [Fact]
    public void RotateHalfOnPermutedWeightsGivesTheSameScoresAsInterleavedRope()
    {
        using var scope = torch.NewDisposeScope();
        const int heads = 2, headSize = 8, dim = heads * headSize;
        var generator = torch.manual_seed(11);
        var wq = torch.randn([dim, dim], generator: generator);
        var wk = torch.randn([dim, dim], generator: generator);
        var x1 = torch.randn([dim], generator: generator);
        var x2 = torch.randn([dim], generator: generator);
        const int pos1 = 3, pos2 = 7;

        var q = InterleavedRope(wq.matmul(x1), pos1, headSize);
        var k = InterleavedRope(wk.matmul(x2), pos2, headSize);
        var qHf = RotateHalfRope(RotaryPermutation.ToRotateHalf(wq, heads).matmul(x1), pos1, headSize);
        var kHf = RotateHalfRope(RotaryPermutation.ToRotateHalf(wk, heads).matmul(x2), pos2, headSize);

        for (int h = 0; h < heads; h++)
        {
            var range = (h * headSize)..((h + 1) * headSize);
            float score = q[range].dot(k[range]).item<float>();
            float scoreHf = qHf[range].dot(kHf[range]).item<float>();
            Assert.Equal(score, scoreHf, 3);
        }
    }

    /// <summary>run.c: rotate (v[i], v[i+1]) by pos * 10000^(-(i % head_size) / head_size).</summary>
    private static torch.Tensor InterleavedRope(torch.Tensor vector, int pos, int headSize)
    {
        var v = vector.data<float>().ToArray();
        for (int i = 0; i < v.Length; i += 2)
        {
            double angle = pos / Math.Pow(10000.0, (i % headSize) / (double)headSize);
            float v0 = v[i], v1 = v[i + 1];
            v[i] = (float)(v0 * Math.Cos(angle) - v1 * Math.Sin(angle));
            v[i + 1] = (float)(v0 * Math.Sin(angle) + v1 * Math.Cos(angle));
        }
        return torch.tensor(v);
    }

    /// <summary>Hugging Face: x * cos + rotate_half(x) * sin, with frequency j shared by elements j and j + d/2.</summary>
    private static torch.Tensor RotateHalfRope(torch.Tensor vector, int pos, int headSize)
    {
        var v = vector.data<float>().ToArray();
        var result = new float[v.Length];
        int half = headSize / 2;
        for (int head = 0; head < v.Length; head += headSize)
            for (int j = 0; j < half; j++)
            {
                double angle = pos / Math.Pow(10000.0, 2.0 * j / headSize);
                float a = v[head + j], b = v[head + j + half];
                result[head + j] = (float)(a * Math.Cos(angle) - b * Math.Sin(angle));
                result[head + j + half] = (float)(b * Math.Cos(angle) + a * Math.Sin(angle));
            }
        return torch.tensor(result);
    }
}
