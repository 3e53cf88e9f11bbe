using Splitwise.Planning.MultiObjective;

namespace Splitwise.Planning.Tests;

public class SelectionTests
{
    private static IReadOnlyList<IReadOnlyList<double>> Points(params double[][] p) => p;

    [Fact]
    public void NonDominatedSort_SplitsIntoHandCheckedFronts()
    {
        // 0:(1,4) 1:(2,2) 2:(4,1) are mutually non-dominated; 3:(3,3) is dominated by 1; 4:(4,4) by 3.
        var fronts = NonDominatedSort.Sort(Points([1, 4], [2, 2], [4, 1], [3, 3], [4, 4]));
        Assert.Equal(3, fronts.Count);
        Assert.Equal([0, 1, 2], fronts[0]);
        Assert.Equal([3], fronts[1]);
        Assert.Equal([4], fronts[2]);
    }

    [Fact]
    public void Dominance_EqualPointsDoNotDominate()
    {
        Assert.False(Dominance.Dominates([1.0, 1.0], [1.0, 1.0]));
        Assert.True(Dominance.Dominates([1.0, 1.0], [1.0, 2.0]));
    }

    [Fact]
    public void DasDennis_CountsMatchTheBinomial()
    {
        Assert.Equal(91, ReferencePoints.DasDennis(3, 12).Count);
        Assert.Equal(91, ReferencePoints.Count(3, 12));
        Assert.Equal(10, ReferencePoints.DasDennis(3, 3).Count);
        Assert.All(ReferencePoints.DasDennis(3, 12), p => Assert.Equal(1.0, p.Sum(), 9));
    }

    [Fact]
    public void Normalization_ScalesByInterceptsOfTheExtremes()
    {
        // Extremes (10,0) and (0,2) after translation by the ideal (0,0): intercepts 10 and 2.
        var normalized = Normalization.Normalize(Points([10, 0], [0, 2], [5, 1]));
        Assert.Equal([1.0, 0.0], normalized[0]);
        Assert.Equal([0.0, 1.0], normalized[1]);
        Assert.Equal([0.5, 0.5], normalized[2]);
    }

    [Fact]
    public void Normalization_FallsBackToMaximaWhenExtremesAreDegenerate()
    {
        // All points identical on axis 1: the extremes coincide, the system is singular.
        var normalized = Normalization.Normalize(Points([0, 3], [4, 3], [2, 3]));
        Assert.All(normalized, p => Assert.True(p.All(double.IsFinite)));
        Assert.Equal(1.0, normalized[1][0], 9);
    }

    [Fact]
    public void Niching_FillsEmptyNichesFirst_WithTheClosestMember()
    {
        // Two reference lines; line 0 already holds one selected member, line 1 none.
        // Candidates 10 and 11 are on line 1 (11 closer), 12 on line 0: one slot -> 11.
        var associations = new ReferenceAssociation.Association[13];
        associations[10] = new(1, 0.3);
        associations[11] = new(1, 0.1);
        associations[12] = new(0, 0.0);
        var chosen = Niching.Select([1, 0], [10, 11, 12], associations, 1, new Random(1));
        Assert.Equal([11], chosen);
    }

    [Fact]
    public void Niching_SkipsLinesWithoutCandidates()
    {
        // Line 1 is empty of candidates and has the lowest count; both picks must come from line 0.
        var associations = new ReferenceAssociation.Association[3];
        associations[0] = new(0, 0.2);
        associations[1] = new(0, 0.1);
        var chosen = Niching.Select([1, 0], [0, 1], associations, 2, new Random(1));
        Assert.Equal(2, chosen.Count);
        Assert.Contains(0, chosen);
        Assert.Contains(1, chosen);
    }

    [Fact]
    public void Association_PicksTheNearestLine()
    {
        var refs = new List<double[]> { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 0.5, 0.5 } };
        var a = ReferenceAssociation.Associate([[0.9, 0.1], [0.4, 0.5]], refs);
        Assert.Equal(0, a[0].Reference);
        Assert.Equal(2, a[1].Reference);
    }
}
