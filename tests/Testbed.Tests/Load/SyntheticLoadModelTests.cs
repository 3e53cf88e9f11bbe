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
}
