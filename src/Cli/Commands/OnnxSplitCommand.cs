using System.Text.Json;
using Splitwise.Cli.Live;
using Splitwise.Onnx;
using Splitwise.Onnx.Graphs;

namespace Splitwise.Cli.Commands;

/// <summary>`splitwise onnx split model.onnx --cut N --out DIR [--json]`: writes head.onnx and tail.onnx of a valid cut.</summary>
public sealed class OnnxSplitCommand : ICliCommand
{
    public string Name => "onnx split";

    public string Summary => "write the head and tail of an ONNX model cut after compute node N";

    public void Declare(CliSpec spec) => spec
        .Arguments("model", "the ONNX model")
        .Int("cut", "cut after this compute node (see `onnx cuts`)", min: 0)
        .Text("out", "folder for head.onnx and tail.onnx")
        .Json();

    public int Run(CliArgs args)
    {
        var path = args.Positionals.FirstOrDefault() ?? throw new CliUsageException("usage: onnx split <model.onnx> --cut N --out DIR");
        var cutAt = args.Get("cut") is null ? throw new CliUsageException("onnx split needs --cut N (see `onnx cuts`)") : args.GetInt("cut", 0);
        var outDir = args.Get("out") ?? throw new CliUsageException("onnx split needs --out DIR");
        GraphSplit split;
        try
        {
            split = GraphSplitter.Split(OnnxModelFile.Read(path), cutAt, source: path);
        }
        catch (OnnxFormatException e)
        {
            Console.Error.WriteLine($"onnx split: {e.Message}");
            return 2;
        }

        var headPath = Path.Combine(outDir, "head.onnx");
        var tailPath = Path.Combine(outDir, "tail.onnx");
        OnnxModelFile.Write(split.Head, headPath);
        OnnxModelFile.Write(split.Tail, tailPath);
        Console.WriteLine($"cut after compute node {cutAt} ({split.Cut.LastHeadOpType} {split.Cut.LastHeadNode}); crossing tensor {split.Cut.CrossingTensor}");
        Console.WriteLine($"head: {headPath} ({split.Head.Graph.Node.Count} nodes, {split.Head.Graph.Initializer.Count} initializers)");
        Console.WriteLine($"tail: {tailPath} ({split.Tail.Graph.Node.Count} nodes, {split.Tail.Graph.Initializer.Count} initializers)");
        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = "onnx split", model = path, afterNode = cutAt, crossing = split.Cut.CrossingTensor,
                head = headPath, tail = tailPath, headNodes = split.Head.Graph.Node.Count, tailNodes = split.Tail.Graph.Node.Count,
            }));
        }

        return 0;
    }
}
