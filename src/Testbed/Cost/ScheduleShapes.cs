using Splitwise.Inference.Models;
using Splitwise.Planning.Execution;

namespace Splitwise.Testbed.Cost;

public static class ScheduleShapes
{
    /// <summary>What the execution schedule needs of a transformer.</summary>
    public static ScheduleShape Of(TransformerShape shape) => new(shape.NLayer, shape.NKvHead, shape.DModel, shape.DFf);
}
