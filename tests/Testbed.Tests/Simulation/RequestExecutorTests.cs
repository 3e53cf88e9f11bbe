using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class RequestExecutorTests
{
    [Theory]
    [InlineData(0.3, 0.001, 10, 5.0, 100)]
    [InlineData(0.3, 0.0, 0, 0.9, 100)]
    [InlineData(2.0, 0.01, 50, 1.0, 100)]
    [InlineData(0.01, 0.0001, 500, 1.0, 3)]
    public void Tokens_starting_in_a_window_match_stepping_token_by_token(double a, double b, int c, double window, int left)
    {
        var k = 0;
        var elapsed = 0.0;
        while (k < left)
        {
            elapsed += a + b * (c + k);
            k++;
            if (elapsed >= window)
                break;
        }

        Assert.Equal(k, RequestExecutor.TokensStartingBefore(a, b, c, window, left));
    }

    [Fact]
    public void A_request_on_a_constant_link_costs_its_prefill_plus_each_decode_step_to_within_the_chord()
    {
        var coster = TinySetup.Coster();
        var context = TinySetup.Context(coster);
        var link = new LinkState(20, 20, 10);
        var layout = context.Cut(1);
        var executor = new RequestExecutor(coster, new LinkTimeline(new ConstantLink(20, 10), 1), 256);
        var request = new RequestSpec(0, 0, 40, 60);

        var served = executor.Serve(layout, request, 3.5);

        var route = coster.Choose(layout, link).Route;
        var exact = coster.Prefill(layout, route, 40, link).Seconds
                    + Enumerable.Range(40, 59).Sum(ctx => coster.Decode(layout, route, ctx, link).Seconds);
        Assert.InRange(served.EndSeconds - 3.5, exact * (1 - 1e-9), exact * 1.02);
        Assert.Equal(3.5 + coster.Prefill(layout, route, 40, link).Seconds, served.FirstTokenSeconds, 9);
        Assert.Equal(0, served.StalledSeconds);
    }

    [Fact]
    public void An_outage_stalls_a_plan_that_crosses_the_link_but_not_one_that_stays_on_the_edge()
    {
        var coster = TinySetup.Coster();
        var context = TinySetup.Context(coster);
        var link = new PiecewiseLink([(TimeSpan.Zero, new LinkState(0, 0, 50, Up: false)), (TimeSpan.FromSeconds(5), new LinkState(50, 50, 10))]);
        var executor = new RequestExecutor(coster, new LinkTimeline(link, 1), 64);
        var request = new RequestSpec(0, 0, 8, 4);

        var cloud = executor.Serve(OracleSolver.AllCloud(coster.Model), request, 0.5);
        var edge = executor.Serve(context.Cut(TinySetup.Shape.NLayer), request, 0.5);

        Assert.Equal(4.5, cloud.StalledSeconds, 9);
        Assert.True(cloud.FirstTokenSeconds > 5);
        Assert.Equal(0, edge.StalledSeconds);
        Assert.True(edge.EndSeconds < 5);
    }
}
