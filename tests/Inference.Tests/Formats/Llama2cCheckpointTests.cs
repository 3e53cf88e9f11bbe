using Splitwise.Inference.Formats;
using TorchSharp;

namespace Splitwise.Inference.Tests.Formats;

public class Llama2cCheckpointTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WrittenTensorsReadBackEqual(bool shared)
    {
        using var scope = torch.NewDisposeScope();
        var header = Llama2cTestModels.Small(shared);
        var tensors = Llama2cTestModels.RandomTensors(header);
        var path = temp.File("model.bin");
        Llama2cWriter.Write(path, header, tensors);

        using var checkpoint = new Llama2cCheckpoint(path);
        Assert.Equal(header, checkpoint.Header);
        Assert.Equal(0, checkpoint.Version);
        Assert.Equal(header.TensorShapes().Select(t => t.Name), checkpoint.Names);
        foreach (var (name, expected) in tensors)
        {
            Assert.Equal(expected.shape, checkpoint.Info(name).Shape);
            Assert.True(Same(expected, checkpoint.Read(name)), name);
        }
    }

    [Fact]
    public void FileLayoutMatchesRunC()
    {
        using var scope = torch.NewDisposeScope();
        var header = Llama2cTestModels.Small(shared: false);
        var tensors = Llama2cTestModels.RandomTensors(header);
        var path = temp.File("model.bin");
        Llama2cWriter.Write(path, header, tensors);

        // run.c memory_map_weights: embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final,
        // freq_cis_real and _imag (seq_len * head_size / 2 each), then the unshared classifier.
        long dim = 16, hidden = 24, layers = 2, vocab = 11, kvDim = 8, headSize = 4, seqLen = 5;
        long floats = vocab * dim + layers * dim + layers * dim * dim + 2 * layers * kvDim * dim + layers * dim * dim
                      + layers * dim + 3 * layers * dim * hidden + dim + 2 * seqLen * headSize / 2 + vocab * dim;
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(28 + 4 * floats, bytes.Length);
        Assert.Equal([16, 24, 2, 4, 2, -11, 5], Enumerable.Range(0, 7).Select(i => BitConverter.ToInt32(bytes, 4 * i)));

        float FileFloat(long index) => BitConverter.ToSingle(bytes, (int)(28 + 4 * index));
        long wqStart = vocab * dim + layers * dim;
        var q = tensors["model.layers.0.self_attn.q_proj.weight"];
        // File row 1 of head 0 is the second element of RoPE pair 0, which HF keeps at row head_size / 2.
        Assert.Equal(q[2, 3].item<float>(), FileFloat(wqStart + 1 * dim + 3));
        Assert.Equal(q[1, 0].item<float>(), FileFloat(wqStart + 2 * dim + 0));
        long w3Start = wqStart + layers * dim * dim + 2 * layers * kvDim * dim + layers * dim * dim + layers * dim
                       + 2 * layers * hidden * dim;
        Assert.Equal(tensors["model.layers.0.mlp.up_proj.weight"][0, 5].item<float>(), FileFloat(w3Start + 5));
        Assert.Equal(tensors["lm_head.weight"][10, 15].item<float>(), FileFloat(floats - 1));
    }

    [Fact]
    public void SlicesOfPermutedProjectionsMatchTheWholeTensor()
    {
        using var scope = torch.NewDisposeScope();
        var header = Llama2cTestModels.Small(shared: true);
        var tensors = Llama2cTestModels.RandomTensors(header);
        var path = temp.File("model.bin");
        Llama2cWriter.Write(path, header, tensors);
        using var checkpoint = new Llama2cCheckpoint(path);

        var q = tensors["model.layers.1.self_attn.q_proj.weight"];
        var k = tensors["model.layers.1.self_attn.k_proj.weight"];
        // Head 2 of q (rows 8..12), kv head 1 of k (rows 4..8), and an unaligned range.
        Assert.True(Same(q[8..12], checkpoint.ReadRows("model.layers.1.self_attn.q_proj.weight", 8, 4)));
        Assert.True(Same(k[4..8], checkpoint.ReadRows("model.layers.1.self_attn.k_proj.weight", 4, 4)));
        Assert.True(Same(q[3..10], checkpoint.ReadRows("model.layers.1.self_attn.q_proj.weight", 3, 7)));
        Assert.True(Same(q[.., 5..9], checkpoint.ReadColumns("model.layers.1.self_attn.q_proj.weight", 5, 4)));
        Assert.True(Same(tensors["model.layers.0.mlp.down_proj.weight"][.., 20..24],
            checkpoint.ReadColumns("model.layers.0.mlp.down_proj.weight", 20, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => checkpoint.ReadRows("model.layers.1.self_attn.q_proj.weight", 14, 3));
    }

    [Fact]
    public void Version1FilesAreReadInTheirOwnOrder()
    {
        using var scope = torch.NewDisposeScope();
        // dim 4, hidden 6, 1 layer, 2 heads (head size 2: the RoPE reorder is the identity), vocab 3, shared.
        var path = temp.File("v1.bin");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write(0x616b3432u);
            writer.Write(1);
            foreach (int field in new[] { 4, 6, 1, 2, 2, 3, 2 }) writer.Write(field);
            writer.Write((byte)1);
            writer.Write(new byte[256 - 37]);
            int floats = 4 + 4 + 4 + 3 * 4 + 4 * 16 + 3 * 24;
            for (int i = 0; i < floats; i++) writer.Write((float)i);
        }
        using var checkpoint = new Llama2cCheckpoint(path);
        Assert.Equal(1, checkpoint.Version);
        Assert.Equal(new Llama2cHeader(4, 6, 1, 2, 2, 3, 2, true), checkpoint.Header);
        Assert.Equal([4f, 5f, 6f, 7f], checkpoint.Read("model.layers.0.post_attention_layernorm.weight").data<float>().ToArray());
        Assert.Equal(8f, checkpoint.Read("model.norm.weight")[0].item<float>());
        Assert.Equal(12f, checkpoint.Read("model.embed_tokens.weight")[0, 0].item<float>());
        Assert.Equal(12f, checkpoint.Read("lm_head.weight")[0, 0].item<float>());
        Assert.Equal(24f, checkpoint.Read("model.layers.0.self_attn.q_proj.weight")[0, 0].item<float>());
        Assert.Equal(24f + 64, checkpoint.Read("model.layers.0.mlp.gate_proj.weight")[0, 0].item<float>());
        Assert.Equal(24f + 64 + 48, checkpoint.Read("model.layers.0.mlp.up_proj.weight")[0, 0].item<float>());
    }

    [Fact]
    public void UnknownNamesAreMissing()
    {
        using var scope = torch.NewDisposeScope();
        var header = Llama2cTestModels.Small(shared: true);
        var path = temp.File("model.bin");
        Llama2cWriter.Write(path, header, Llama2cTestModels.RandomTensors(header));
        using var checkpoint = new Llama2cCheckpoint(path);
        Assert.False(checkpoint.Contains("freq_cis_real"));
        Assert.Throws<MissingTensorException>(() => checkpoint.Info("model.layers.2.input_layernorm.weight"));
    }
}
