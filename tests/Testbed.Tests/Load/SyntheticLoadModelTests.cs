using Splitwise.Testbed.Load;

namespace Splitwise.Testbed.Tests.Load;

public sealed class SyntheticLoadModelTests
{
    [Fact]
    public void The_same_seed_gives_the_same_requests_and_another_seed_others()
    {
        var a = FittedLlmLoad.Model.Generate(500, seed: 7);
        Assert.Equal(a, FittedLlmLoad.Model.Generate(500, seed: 7));
        Assert.NotEqual(a, FittedLlmLoad.Model.Generate(500, seed: 8));
        Assert.True(a.Zip(a.Skip(1)).All(p => p.First.ArrivalSeconds <= p.Second.ArrivalSeconds));
        Assert.All(a, r => Assert.InRange(r.PromptTokens, 1, 14050));
    }

    [Fact]
    public void A_fit_recovers_the_length_distribution_and_the_rate_of_what_it_was_fitted_to()
    {
        // A workload of known shape: 2/s Poisson for an hour, prompt lengths 100..199 uniform.
        var random = new Random(3);
        var t = 0.0;
        var known = Enumerable.Range(0, 7200).Select(i => new LoadRequest(t += -Math.Log(1 - random.NextDouble()) / 2, 100 + i % 100, 10 + i % 7)).ToList();
        var model = SyntheticLoadModel.Fit(known, "known");
        var again = LoadStatistics.Of(model.Generate(7200, seed: 1));
        var truth = LoadStatistics.Of(known);
        Assert.InRange(again.MeanRate / truth.MeanRate, 0.9, 1.1);
        Assert.InRange(again.PromptQuantiles[1], 145, 155);
        Assert.InRange(again.Idc60, 0.5, 2.5); // Poisson stays close to 1
    }

    [Fact]
    public void Poisson_arrivals_have_the_asked_rate()
    {
        var requests = LoadShaping.Poisson(4000, rate: 5, FittedLlmLoad.Model, seed: 2);
        Assert.InRange(LoadStatistics.Of(requests).MeanRate, 4.7, 5.3);
        Assert.InRange(LoadStatistics.Of(requests).InterArrivalCv, 0.95, 1.05);
    }

    [Fact]
    public void A_duration_gives_the_arrivals_before_it_a_prefix_of_the_same_seed_by_count()
    {
        var timed = FittedLlmLoad.Model.GenerateFor(600, seed: 4);
        var counted = FittedLlmLoad.Model.Generate(timed.Count + 50, seed: 4);
        Assert.Equal(timed, counted.Take(timed.Count));
        Assert.All(timed, r => Assert.True(r.ArrivalSeconds < 600));
        Assert.True(counted[timed.Count].ArrivalSeconds >= 600);
        // The fitted trace runs at ~5.5/s; ten minutes of it hold thousands of requests.
        Assert.InRange(timed.Count, 1500, 6000);
    }

    [Fact]
    public void The_shipped_fit_is_recovered_from_its_own_synthetic_load()
    {
        var shipped = FittedLlmLoad.Model;
        var refit = SyntheticLoadModel.Fit(shipped.GenerateFor(40 * 3600, seed: 7), "synthetic");
        Assert.InRange(refit.LogRateMean, shipped.LogRateMean - 0.05, shipped.LogRateMean + 0.05);
        Assert.InRange(refit.LogRateSd, 0.85 * shipped.LogRateSd, 1.15 * shipped.LogRateSd);
        Assert.InRange(refit.LogRateAutocorrelation, shipped.LogRateAutocorrelation - 0.1, shipped.LogRateAutocorrelation + 0.1);
        Assert.InRange(refit.PromptQuantiles[20] / shipped.PromptQuantiles[20], 0.95, 1.05);
        Assert.InRange(refit.OutputQuantiles[20] / shipped.OutputQuantiles[20], 0.95, 1.05);
    }

    [Fact]
    public void Drawn_lengths_stay_within_the_fitted_range()
    {
        var random = new Random(5);
        var shipped = FittedLlmLoad.Model;
        for (var i = 0; i < 2000; i++)
        {
            var (prompt, output) = shipped.DrawLengths(random);
            Assert.InRange((double)prompt, Math.Max(1, shipped.PromptQuantiles[0]), shipped.PromptQuantiles[^1]);
            Assert.InRange((double)output, Math.Max(1, shipped.OutputQuantiles[0]), shipped.OutputQuantiles[^1]);
        }
    }
}
