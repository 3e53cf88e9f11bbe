using Splitwise.Cli.Load;

namespace Splitwise.Cli.Tests.Load;

/// <summary>Which server-sent chunks of /v1/completions count as a token (the chunks in the shape the edge host streams).</summary>
public class OpenAiCompletionsTargetTests
{
    [Fact]
    public void A_text_chunk_is_a_token_and_the_finishing_and_usage_chunks_are_not()
    {
        Assert.True(OpenAiCompletionsTarget.IsToken(
            """{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":" the","logprobs":null,"finish_reason":null}]}"""));
        Assert.False(OpenAiCompletionsTarget.IsToken(
            """{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":"","logprobs":null,"finish_reason":"length"}]}"""));
        Assert.False(OpenAiCompletionsTarget.IsToken(
            """{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""));
    }

    [Fact]
    public void An_error_event_ends_the_stream_with_its_message()
    {
        var e = Assert.Throws<HttpRequestException>(() => OpenAiCompletionsTarget.IsToken("""{"error":{"message":"the cloud tier is down","type":"unavailable"}}"""));
        Assert.Contains("the cloud tier is down", e.Message);
    }
}
