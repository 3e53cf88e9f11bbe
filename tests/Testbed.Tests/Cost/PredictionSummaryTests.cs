using Splitwise.Testbed.Cost;

namespace Splitwise.Testbed.Tests.Cost;

public class PredictionSummaryTests
{
    [Fact]
    public void MedianShareAndMaxOfRelativeErrors()
    {
        // Errors +10%, -30%, +50%, 0%: sorted |e| 0, 0.1, 0.3, 0.5.
        var s = PredictionSummary.Of([(1.1, 1.0), (0.7, 1.0), (3.0, 2.0), (4.0, 4.0)]);
        Assert.Equal(4, s.Count);
        Assert.Equal(0.2, s.MedianAbsError, 12);
        Assert.Equal(0.5, s.ShareWithin20);
        Assert.Equal(0.5, s.MaxAbsError, 12);
        Assert.Throws<CostModelException>(() => PredictionSummary.Of([]));
        Assert.Throws<CostModelException>(() => PredictionSummary.Error(1, 0));
    }
}
