using Splitwise.Contracts;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Tests.Presets;

public class SubBlockMemoryTests
{
    [Fact]
    public void Llama7B_ffn_weights_per_layer_are_3_x_4096_x_11008()
    {
        var s = ModelPresets.Llama7B;
        var spec = new DecompositionSpec(KvHeadsPerGroup: 8, FfnSlices: 4);
        var ffn = spec.SubBlocks(0, s.NKvHead).Where(id => id.Kind == SubBlockKind.Ffn).Sum(id => SubBlockMemory.SubBlockParams(s, spec, id));
        Assert.Equal(3L * 4096 * 11008, ffn);
        Assert.Equal(135_266_304L, ffn);
        // One of 4 slices: 2752 hidden columns, at fp16.
        Assert.Equal(3L * 4096 * 2752 * 2, SubBlockMemory.Bytes(SubBlockMemory.SubBlockParams(s, spec, new SubBlockId(0, SubBlockKind.Ffn, 0)), Precision.Fp16));
    }

    [Fact]
    public void Llama7B_head_group_and_kv_cache()
    {
        var s = ModelPresets.Llama7B;
        // 8 heads of 128: Q, K, V columns 4096 x 1024 each, O rows 1024 x 4096.
        Assert.Equal(4L * 4096 * 1024, SubBlockMemory.AttentionGroupParams(s, 8));
        // K and V, 8 heads x 128, fp16: 4 KiB per token per group; the whole model 0.5 MiB per token.
        Assert.Equal(4096, SubBlockMemory.KvBytesPerToken(s, 8, Precision.Fp16));
        Assert.Equal(512 * 1024, s.NLayer * SubBlockMemory.KvBytesPerToken(s, s.NKvHead, Precision.Fp16));
    }

    [Fact]
    public void Split_ffn_parts_sum_to_the_whole_slice_and_uneven_slices_cover_every_column()
    {
        var s = ModelPresets.Gpt2Xl; // DFf 6400
        var split = new DecompositionSpec(25, 3, SplitFfn: true);
        var widths = Enumerable.Range(0, 3).Select(i => SubBlockMemory.FfnSliceWidth(s, i, 3)).ToArray();
        Assert.Equal([2133, 2133, 2134], widths);
        var up = SubBlockMemory.SubBlockParams(s, split, new SubBlockId(0, SubBlockKind.FfnUp, 2));
        var down = SubBlockMemory.SubBlockParams(s, split, new SubBlockId(0, SubBlockKind.FfnDown, 2));
        Assert.Equal(1600L * 2134 + 2134, up); // W1 columns + b1
        Assert.Equal(2134L * 1600, down);
    }

    [Theory]
    [InlineData("gpt2-xl", 1_557_611_200L)] // Hugging Face gpt2-xl parameter count
    [InlineData("llama-7b", 6_738_415_616L)] // Meta LLaMA-7B (HF LlamaForCausalLM) parameter count
    [InlineData("llama-13b", 13_015_864_320L)]
    public void Total_parameters_match_the_published_counts(string preset, long expected)
    {
        Assert.Equal(expected, SubBlockMemory.TotalParams(ModelPresets.Get(preset)));
    }

    [Fact]
    public void Sub_blocks_plus_shared_plus_session_is_the_whole_model()
    {
        foreach (var (_, s) in ModelPresets.All)
        {
            // GPT-2 XL's 25 heads do not split into the default 4 groups: 5 groups of 5.
            var spec = new DecompositionSpec(s.NKvHead % 4 == 0 ? s.NKvHead / 4 : 5, 3, SplitFfn: true);
            var parts = EdgeMemoryCheck.All(s, spec).Sum(id => SubBlockMemory.SubBlockParams(s, spec, id));
            Assert.Equal(SubBlockMemory.TotalParams(s), parts + s.NLayer * SubBlockMemory.LayerSharedParams(s) + SubBlockMemory.SessionParams(s));
        }
    }

    [Fact]
    public void Unknown_preset_lists_the_known_ones()
    {
        Assert.Contains("llama-13b", Assert.Throws<ArgumentException>(() => ModelPresets.Get("llama-70b")).Message);
    }
}
