using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Plans;

/// <summary>The plan grain's stored state: the last plan applied (null until one is set: all-edge, version 1).</summary>
[GenerateSerializer, Alias("splitwise.PlanRecord")]
public sealed class PlanRecord
{
    [Id(0)]
    public PartitionPlan? Plan { get; set; }
}
