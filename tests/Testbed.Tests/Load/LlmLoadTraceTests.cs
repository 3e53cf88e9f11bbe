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
}
