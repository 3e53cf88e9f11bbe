using Splitwise.Grains.Devices;
using static TorchSharp.torch;

namespace Splitwise.Grains.Tests;

public class IntraOpThreadsTests
{
    [Fact]
    public void Sets_the_calling_threads_count()
    {
        var seen = 0;
        var thread = new Thread(() =>
        {
            IntraOpThreads.ApplyToThisThread(1);
            seen = get_num_threads();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(1, seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Refuses_a_count_that_is_not_positive(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IntraOpThreads.ApplyToThisThread(count));
}
