using Splitwise.EdgeHost.OpenAi;

namespace Splitwise.EdgeHost.Tests.OpenAi;

public class StopSequencesTests
{
    [Fact]
    public void TextThatMayStartAStopSequenceIsHeldUntilTheNextTokenTells()
    {
        var stops = new StopSequences(["\nUser:"]);

        Assert.Equal("Hi", stops.Push("Hi\n"));
        Assert.Equal("\nthere", stops.Push("there"));
        Assert.Equal("", stops.Push("\nUs"));
        Assert.Equal("", stops.Push("er: more"));
        Assert.True(stops.Stopped);
    }

    [Fact]
    public void TheEarliestStopSequenceWinsAndHeldTextIsFlushedAtTheEnd()
    {
        var stops = new StopSequences(["cd", "b"]);
        Assert.Equal("a", stops.Push("abcd"));
        Assert.True(stops.Stopped);

        var open = new StopSequences(["xyz"]);
        Assert.Equal("ab", open.Push("abxy"));
        Assert.Equal("xy", open.Flush());
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080")]
    [InlineData("http://*:5080", "http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData("http://127.0.0.1:9", "http://127.0.0.1:9")]
    public void WithoutAKeyTheGatewayBindsLoopbackOnly(string configured, string bound)
    {
        var said = new List<string>();

        Assert.Equal([bound], LoopbackBinding.Restrict(configured, said.Add));
        Assert.Equal(configured != bound, said.Count == 1);
    }
}
