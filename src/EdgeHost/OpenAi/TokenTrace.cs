using Splitwise.Contracts.Grains;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// The extra "splitwise" field: where each token's sub-blocks ran (the session's trace: per layer, each
/// sub-block's tier under the plan version that token ran) and what crossed the link for it.
/// </summary>
public static class TokenTrace
{
    public static object OfToken(TokenStep step) => new { Token = step.Index, step.PlanVersion, step.Layers, step.Link };

    public static object OfTokens(IReadOnlyList<TokenStep> steps) => new
    {
        Tokens = steps.Select(s => new { Token = s.Index, s.PlanVersion, s.Link }),
        LayersByPlanVersion = steps.GroupBy(s => s.PlanVersion).ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.First().Layers),
    };
}
