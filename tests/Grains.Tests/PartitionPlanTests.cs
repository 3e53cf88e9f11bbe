using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Tests;

public class PartitionPlanTests
{
    private static readonly ModelDimensions Dims = new(4, 4, 256);
    private static readonly DecompositionSpec Spec = DecompositionSpec.Default(4);

    [Fact]
    public void RulesPlaceEverySubBlock()
    {
        var half = PartitionPlans.FirstLayersOnEdge(2, Dims, Spec);
        half.Validate(Dims, Spec);
        Assert.Equal(32, half.Tiers.Count);
        Assert.Equal(16, half.Tiers.Values.Count(t => t == Tier.Cloud));

        var split = PartitionPlans.SplitFfn(Dims, Spec);
        split.Validate(Dims, Spec);
        Assert.True(split.Spec.SplitFfn);
        Assert.All(split.Tiers.Where(kv => kv.Key.Kind == SubBlockKind.FfnDown), kv => Assert.Equal(Tier.Cloud, kv.Value));
        Assert.All(split.Tiers.Where(kv => kv.Key.Kind == SubBlockKind.FfnUp), kv => Assert.Equal(Tier.Edge, kv.Value));
        Assert.Equal("attn EEEE | ffn EEEECCCC", split.Describe(0));
    }

    [Fact]
    public void ChangedFromListsExactlyTheMovedAndTheNew()
    {
        var edge = PartitionPlans.AllOn(Tier.Edge, Dims, Spec);
        Assert.Equal(8, PartitionPlans.FirstLayersOnEdge(3, Dims, Spec).ChangedFrom(edge).Count);
        Assert.Empty(edge.ChangedFrom(edge));
        Assert.Equal(16 + 16, PartitionPlans.SplitFfn(Dims, Spec).ChangedFrom(edge).Count); // all W1/W2 halves are new
    }

    [Fact]
    public void ValidationNamesTheProblem()
    {
        var missing = PartitionPlans.AllOn(Tier.Edge, Dims, Spec);
        missing.Tiers.Remove(new SubBlockId(2, SubBlockKind.Ffn, 1));
        Assert.Contains("does not place", Assert.Throws<InvalidPlanException>(() => missing.Validate(Dims, Spec)).Message);

        var regrouped = PartitionPlans.AllOn(Tier.Edge, Dims, DecompositionSpec.WithHeadGroups(4, 2, 4));
        Assert.Contains("groups of 2 KV heads", Assert.Throws<InvalidPlanException>(() => regrouped.Validate(Dims, Spec)).Message);

        var badTier = PartitionPlans.AllOn(Tier.Edge, Dims, Spec);
        badTier.Tiers[new SubBlockId(0, SubBlockKind.Ffn, 0)] = (Tier)7;
        Assert.Throws<InvalidPlanException>(() => badTier.Validate(Dims, Spec));
    }

    [Theory]
    [InlineData("L3.attn1")]
    [InlineData("L0.ffn2")]
    [InlineData("L11.ffn-up0")]
    [InlineData("L1.ffn-down3")]
    public void SubBlockKeysRoundTrip(string text)
    {
        var (model, id) = FabricKeys.ParseSubBlock(FabricKeys.SubBlock("m/x", FabricKeys.TryParse(text, out var parsed) ? parsed : throw new FormatException(text)));
        Assert.Equal("m/x", model);
        Assert.Equal(text, id.ToString());
    }

    [Fact]
    public void PinnedKeysNameTheirTier()
    {
        Assert.Equal(Tier.Cloud, FabricKeys.PinnedTier(FabricKeys.Stage("m", 3, Tier.Cloud)));
        Assert.Equal(Tier.Edge, FabricKeys.PinnedTier(FabricKeys.Session("m", Guid.NewGuid())));
        Assert.Null(FabricKeys.PinnedTier(FabricKeys.SubBlock("m", new SubBlockId(0, SubBlockKind.Ffn, 0))));
        Assert.Equal("m", FabricKeys.ModelOf(FabricKeys.Stage("m", 3, Tier.Cloud)));
    }
}
