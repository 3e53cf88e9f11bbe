using Splitwise.Contracts;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Tests.Presets;

public class EdgeMemoryCheckTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Llama7B_edge_only_does_not_fit_a_pi5_and_the_shortfall_is_named()
    {
        var s = ModelPresets.Llama7B;
        var spec = DecompositionSpec.Default(s.NKvHead);
        var fit = EdgeMemoryCheck.Check(s, spec, EdgeMemoryCheck.All(s, spec), Precision.Fp16, DeviceProfiles.RaspberryPi5, contextTokens: 1024);
        var infeasible = Assert.IsType<InfeasiblePlan>(fit);
        // 6,738,415,616 params x 2 bytes + 1024 tokens x 0.5 MiB of KV cache.
        Assert.Equal(6_738_415_616L * 2 + 1024L * 512 * 1024, infeasible.Required.TotalBytes);
        Assert.Equal(7 * GiB, infeasible.AvailableBytes);
        Assert.Equal(infeasible.Required.TotalBytes - 7 * GiB, infeasible.ShortfallBytes);
        Assert.Contains("Raspberry Pi 5", infeasible.Reason);
        Assert.Contains("short by 6.05 GiB", infeasible.Reason); // 12.55 GiB of weights + 0.50 GiB of KV cache - 7 GiB
    }

    [Fact]
    public void Cloud_only_plan_needs_only_the_session_and_shared_weights()
    {
        var s = ModelPresets.Llama7B;
        var spec = DecompositionSpec.Default(s.NKvHead);
        var fit = EdgeMemoryCheck.Check(s, spec, [], Precision.Fp16, DeviceProfiles.RaspberryPi5, contextTokens: 4096);
        var ok = Assert.IsType<FeasiblePlan>(fit);
        // Embedding + LM head, 2 x 32000 x 4096, plus final norm and 32 x 2 RMSNorm weights, at fp16.
        Assert.Equal((2L * 32000 * 4096 + 4096 + 32 * 2 * 4096) * 2, ok.Required.TotalBytes);
        Assert.Equal(0, ok.Required.KvCacheBytes);
    }

    [Fact]
    public void Kv_cache_counts_only_edge_head_groups_and_grows_with_context_and_sessions()
    {
        var s = ModelPresets.Gpt2Xl;
        var spec = new DecompositionSpec(KvHeadsPerGroup: 5, FfnSlices: 4);
        SubBlockId[] edge = [new(0, SubBlockKind.AttentionHeads, 0), new(0, SubBlockKind.Ffn, 1)];
        var one = EdgeMemoryCheck.Required(s, spec, edge, Precision.Fp32, contextTokens: 100);
        var more = EdgeMemoryCheck.Required(s, spec, edge, Precision.Fp32, contextTokens: 100, sessions: 3);
        // 2 (K, V) x 5 heads x 64 x 4 bytes x 100 tokens.
        Assert.Equal(2L * 5 * 64 * 4 * 100, one.KvCacheBytes);
        Assert.Equal(3 * one.KvCacheBytes, more.KvCacheBytes);
        Assert.Equal(one.SubBlockWeightBytes, more.SubBlockWeightBytes);
    }

    [Fact]
    public void Gpt2Xl_fp16_edge_only_fits_the_orin_nx_but_llama13B_does_not()
    {
        var gpt = ModelPresets.Gpt2Xl;
        var gptSpec = new DecompositionSpec(KvHeadsPerGroup: 5, FfnSlices: 4); // 25 heads: 5 groups of 5
        Assert.True(EdgeMemoryCheck.Check(gpt, gptSpec, EdgeMemoryCheck.All(gpt, gptSpec), Precision.Fp16, DeviceProfiles.JetsonOrinNx16, 1024).Fits);
        var llama = ModelPresets.Llama13B;
        var spec = DecompositionSpec.Default(llama.NKvHead);
        Assert.False(EdgeMemoryCheck.Check(llama, spec, EdgeMemoryCheck.All(llama, spec), Precision.Fp16, DeviceProfiles.JetsonOrinNx16, 1024).Fits);
    }

    [Fact]
    public void Sub_blocks_that_do_not_exist_are_rejected()
    {
        var s = ModelPresets.Llama7B;
        var spec = DecompositionSpec.Default(s.NKvHead);
        Assert.Throws<ArgumentException>(() => EdgeMemoryCheck.Required(s, spec, [new SubBlockId(32, SubBlockKind.Ffn, 0)], Precision.Fp16, 1));
        Assert.Throws<ArgumentException>(() => EdgeMemoryCheck.Required(s, spec, [new SubBlockId(0, SubBlockKind.AttentionHeads, 4)], Precision.Fp16, 1));
        Assert.Throws<ArgumentException>(() => EdgeMemoryCheck.Required(s, spec, [new SubBlockId(0, SubBlockKind.FfnUp, 0)], Precision.Fp16, 1));
    }
}
