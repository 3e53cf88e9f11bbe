using Splitwise.Testbed.Load;

namespace Splitwise.Testbed.Tests.Load;

public sealed class LlmLoadTraceTests
{
    private const string Trace =
        "TIMESTAMP,ContextTokens,GeneratedTokens\n" +
        "2023-11-16 18:15:46.6805900,374,44\n" +
        "2023-11-16 18:15:50.9951690,396,109\n" +
        "2023-11-16 18:15:46.1805900,4000,3\n";

    [Fact]
    public void Reads_arrivals_as_seconds_after_the_first_in_time_order()
    {
        var requests = LlmLoadTrace.Read(new StringReader(Trace), "t.csv");
        Assert.Equal([4000, 374, 396], requests.Select(r => r.PromptTokens));
        Assert.Equal(0, requests[0].ArrivalSeconds);
        Assert.Equal(0.5, requests[1].ArrivalSeconds, 6);
        Assert.Equal(4.8145790, requests[2].ArrivalSeconds, 6);
    }

    [Fact]
    public void Bad_rows_name_the_line()
    {
        var e = Assert.Throws<TestbedFormatException>(() => LlmLoadTrace.Read(new StringReader("TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,1,2\n"), "t.csv"));
        Assert.Equal(2, e.Line);
        Assert.Throws<TestbedFormatException>(() => LlmLoadTrace.Read(new StringReader("TIMESTAMP,ContextTokens\n2023-11-16 18:15:46,1\n"), "t.csv"));
    }

    [Fact]
    public void Shaping_scales_to_a_rate_and_clips_to_the_context()
    {
        var requests = LlmLoadTrace.Read(new StringReader(Trace), "t.csv");
        var scaled = LoadShaping.ToRate(requests, rate: 2);
        Assert.Equal(1.0, scaled[^1].ArrivalSeconds, 9); // 2 gaps at 2/s
        var clipped = LoadShaping.Clip(scaled, context: 256, maxOutput: 32);
        Assert.Equal([(253, 3), (224, 32), (224, 32)], clipped.Select(r => (r.PromptTokens, r.OutputTokens)));
    }

    [Fact]
    public void A_file_reads_like_its_text_and_a_missing_one_is_named()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "t.csv");
        File.WriteAllText(path, Trace);
        Assert.Equal(LlmLoadTrace.Read(new StringReader(Trace), "t.csv"), LlmLoadTrace.Read(path));
        Assert.Contains("nope.csv", Assert.Throws<FileNotFoundException>(() => LlmLoadTrace.Read(Path.Combine(dir.Path, "nope.csv"))).Message);
    }

    [SkippableFact]
    public void The_real_trace_is_found_next_to_the_repository_and_reads()
    {
        var path = LlmLoadTrace.Locate();
        Skip.If(path is null, "needs ../shared/data/llm-load next to the repository (absent here)");
        var requests = LlmLoadTrace.Read(path!);
        Assert.Equal(19_366, requests.Count);
        Assert.InRange(requests[^1].ArrivalSeconds, 3000, 3700);
        Assert.All(requests, r => Assert.True(r.PromptTokens >= 1 && r.OutputTokens >= 1));
    }
}
