using Google.Protobuf;
using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Tests;

/// <summary>Builds small float ONNX graphs by hand (opset 13) for the cut and split tests.</summary>
public sealed class GraphBuilder
{
    private readonly GraphProto graph = new() { Name = "hand" };

    public GraphBuilder Input(string name, params long[] shape)
    {
        graph.Input.Add(Value(name, shape));
        return this;
    }

    public GraphBuilder Output(string name, params long[] shape)
    {
        graph.Output.Add(Value(name, shape));
        return this;
    }

    public GraphBuilder Node(string op, string[] inputs, string output, string? name = null)
    {
        var node = new NodeProto { OpType = op, Name = name ?? output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        graph.Node.Add(node);
        return this;
    }

    public GraphBuilder Initializer(string name, long[] shape, float fill)
    {
        graph.Initializer.Add(Filled(name, shape, fill));
        return this;
    }

    private static TensorProto Filled(string name, long[] shape, float fill)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(shape);
        var count = shape.Aggregate(1L, (a, d) => a * d);
        tensor.RawData = ByteString.CopyFrom(Enumerable.Repeat(fill, (int)count).SelectMany(BitConverter.GetBytes).ToArray());
        return tensor;
    }

    /// <summary>A Constant node holding a filled tensor, the way paddle2onnx stores weights.</summary>
    public GraphBuilder Constant(string output, long[] shape, float fill)
    {
        var node = new NodeProto { OpType = "Constant", Name = output };
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto
        {
            Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Filled(output, shape, fill),
        });
        graph.Node.Add(node);
        return this;
    }

    public ModelProto Build()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "splitwise-tests", Graph = graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private static ValueInfoProto Value(string name, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.Add(shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape },
            },
        };
    }
}
