using Splitwise.Testbed.Cloud;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Tests.Environment;

public class SharedCloudTests
{
    private static readonly BatchedGpu Gpu = new(DeviceProfiles.CloudA100, ModelPresets.Llama7B);

    [Fact]
    public void A_decode_step_is_memory_bound_and_grows_with_the_batch_while_a_prefill_is_compute_bound()
    {
        // Alone with an empty cache: the weights read once at the profile's bandwidth.
        Assert.Equal(Gpu.WeightBytes / DeviceProfiles.CloudA100.BytesPerSecond, Gpu.DecodeStepSeconds(1, 0), 12);
        Assert.True(Gpu.DecodeStepSeconds(32, 32 * 1000) > 1.5 * Gpu.DecodeStepSeconds(1, 1000));
        // Per request, batching is far cheaper: the weights are shared.
        Assert.True(Gpu.DecodeStepSeconds(32, 32 * 1000) / 32 < 0.2 * Gpu.DecodeStepSeconds(1, 1000));
        Assert.Equal(2 * Gpu.PrefillSeconds(2000), Gpu.PrefillSeconds(4000), 9);
        Assert.InRange(Gpu.Parameters, 6.5e9, 7e9);
        Assert.InRange(Gpu.MaxBatch(1000), 50, 200);
    }

    [Fact]
    public void Replay_reaches_the_requested_utilisation_and_a_busier_cloud_slows_and_shares_more()
    {
        var workload = SyntheticLoad.Generate(DefaultLoadParameters.Value, 1200, 3);
        var quiet = CloudLoad.AtUtilisation(Gpu, workload, 0.2, 1200, "synthetic");
        var busy = CloudLoad.AtUtilisation(Gpu, workload, 0.8, 1200, "synthetic");
        Assert.InRange(quiet.Utilisation, 0.17, 0.23);
        Assert.InRange(busy.Utilisation, 0.75, 0.85);
        Assert.True(busy.Batch.Average() > 2 * quiet.Batch.Average());
        double Slowdown(CloudLoad l) => Enumerable.Range(0, 1200).Average(e => new SharedCloud(Gpu, l, SharedCloud.A100PricePerGpuHour).DecodeSlowdown(e, 300));
        Assert.True(Slowdown(busy) > Slowdown(quiet));
        Assert.True(Slowdown(quiet) >= 1);
        var idle = new SharedCloud(Gpu, CloudLoad.Idle(), SharedCloud.A100PricePerGpuHour);
        Assert.Equal(1, idle.DecodeSlowdown(0, 300), 12);
        Assert.Equal(1, idle.DecodeShare(0, 300), 12);
        Assert.True(new SharedCloud(Gpu, busy, SharedCloud.A100PricePerGpuHour).DecodeShare(10, 300) < 0.5);
        Assert.Equal(40.96 / 8, idle.Dollars(3600), 9);
    }

    [Fact]
    public void The_fitter_recovers_the_shipped_parameters_from_their_own_synthetic_load()
    {
        var p = DefaultLoadParameters.Value;
        var load = SyntheticLoad.Generate(p, 20_000, 7);
        var fitted = LoadFitter.Fit(load, "synthetic");
        Assert.InRange(fitted.MeanRatePerSecond, 0.9 * p.MeanRatePerSecond, 1.1 * p.MeanRatePerSecond);
        Assert.InRange(fitted.Prompt.LogMean, p.Prompt.LogMean - 0.05, p.Prompt.LogMean + 0.05);
        Assert.InRange(fitted.Output.LogSd, p.Output.LogSd * 0.9, p.Output.LogSd * 1.1);
        Assert.Equal(p, LoadParameters.FromJson(p.ToJson()) with { RatesPerSecond = p.RatesPerSecond, Transitions = p.Transitions });
    }

    [Fact]
    public void The_azure_trace_format_loads_and_a_bad_row_names_its_line()
    {
        using var dir = new TempDirectory();
        var good = Path.Combine(dir.Path, "good.csv");
        File.WriteAllText(good, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:50.9951690,396,109\n2023-11-16 18:15:46.6805900,374,44\n");
        var requests = LlmLoadTrace.Load(good);
        Assert.Equal([(374, 44), (396, 109)], requests.Select(r => (r.PromptTokens, r.OutputTokens)));
        Assert.Equal(0, requests[0].ArrivalSeconds);
        Assert.Equal(50.9951690 - 46.6805900, requests[1].ArrivalSeconds, 6);
        var bad = Path.Combine(dir.Path, "bad.csv");
        File.WriteAllText(bad, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,x,44\n");
        Assert.Equal(2, Assert.Throws<TestbedFormatException>(() => LlmLoadTrace.Load(bad)).Line);
    }

    [SkippableFact]
    public void The_real_azure_trace_loads()
    {
        var path = Path.Combine(Path.GetDirectoryName(Traces.SharedData.NetFolder() ?? "/nonexistent/x") ?? "", "llm-load", "AzureLLMInferenceTrace_conv.csv");
        Skip.IfNot(File.Exists(path), "needs ../shared/data/llm-load next to the repository (absent here)");
        var requests = LlmLoadTrace.Load(path);
        Assert.Equal(19_366, requests.Count);
        Assert.InRange(requests[^1].ArrivalSeconds, 3000, 3700);
    }
}
