using System.Globalization;
using System.Text.Json;
using Splitwise.Cli.Live;
using Splitwise.Onnx;
using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `splitwise onnx cuts [model.onnx] [--input-shape 1,3,48,192] [--verify] [--json]`: the valid cut points with the
/// crossing tensor's name, shape and bytes (learnt by one ONNX Runtime run on a seeded random input); with --verify
/// every cut is split and head-then-tail is compared with the whole model.
/// </summary>
public sealed class OnnxCutsCommand : ICliCommand
{
    public string Name => "onnx cuts";

    public string Summary => "valid single-tensor cut points of an ONNX model (crossing tensor, shape, bytes)";

    public void Declare(CliSpec spec) => spec
        .Arguments("model", "the ONNX model (default: the bundled CNN)")
        .Text("model", "the ONNX model, as an option")
        .Text("input-shape", "input shape, e.g. 1,3,224,224")
        .Int("seed", "random input seed (default 1)")
        .Flag("verify", "split at every cut and compare head then tail with the whole model")
        .Json();

    public int Run(CliArgs args)
    {
        try
        {
            return List(args);
        }
        catch (OnnxFormatException e)
        {
            Console.Error.WriteLine($"onnx cuts: {e.Message}");
            return 2;
        }
    }

    private static int List(CliArgs args)
    {
        var (path, model, inputShape) = OnnxModelOptions.Load(args, args.Positionals.FirstOrDefault());
        var input = FloatTensor.Random(inputShape, args.GetInt("seed", 1));
        var cuts = CutFinder.ValidCuts(model.Graph, path);
        var shapes = ShapeProbe.Shapes(model, input, cuts.Select(c => c.CrossingTensor));
        var nodes = new ComputeOrder(model.Graph, path).Nodes.Count;
        Console.WriteLine($"method: {path}: {nodes} compute nodes in topological order (constants and initializers are copied to the side " +
                          "that reads them); a cut after node i is valid when exactly one tensor made by nodes 0..i is read later or is an " +
                          $"output, no later node reads a graph input, and every output is made later. Shapes from one ONNX Runtime run on a " +
                          $"seeded uniform [-1,1) input of shape [{string.Join(",", inputShape)}]; bytes = float32 payload." +
                          (args.Has("verify") ? " --verify: each cut split into head and tail, head then tail vs the whole model, max |diff|." : ""));

        using var full = args.Has("verify") ? new OnnxSession(OnnxModelFile.ToBytes(model)) : null;
        var expected = full?.Run(input);
        var rows = new List<object>();
        var worst = 0f;
        Console.WriteLine($"{"after",6} {"op",-20} {"crossing tensor",-28} {"shape",-18} {"bytes",10}" + (full is null ? "" : $" {"max |diff|",11}"));
        foreach (var cut in cuts)
        {
            var shape = shapes[cut.CrossingTensor];
            var bytes = shape.Aggregate(1L, (a, d) => a * d) * sizeof(float);
            float? difference = null;
            if (expected is not null)
            {
                var split = GraphSplitter.Split(model, cut, source: path);
                using var head = new OnnxSession(OnnxModelFile.ToBytes(split.Head));
                using var tail = new OnnxSession(OnnxModelFile.ToBytes(split.Tail));
                difference = tail.Run(head.Run(input)).MaxAbsDifference(expected);
                worst = Math.Max(worst, difference.Value);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cut.AfterNode,6} {cut.LastHeadOpType,-20} {cut.CrossingTensor,-28} {"[" + string.Join(",", shape) + "]",-18} {bytes,10}") +
                (difference is { } d ? string.Create(CultureInfo.InvariantCulture, $" {d,11:E2}") : ""));
            rows.Add(new { afterNode = cut.AfterNode, op = cut.LastHeadOpType, tensor = cut.CrossingTensor, shape, bytes, maxAbsDiff = difference });
        }

        Console.WriteLine($"{cuts.Count} valid cuts of {nodes} compute nodes" +
                          (full is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; worst head-then-tail max |diff| {worst:E2}")));
        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = "onnx cuts", model = path, inputShape, computeNodes = nodes, validCuts = cuts.Count,
                worstMaxAbsDiff = full is null ? (float?)null : worst, cuts = rows,
            }));
        }

        return 0;
    }
}
