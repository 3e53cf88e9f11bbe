using Google.Protobuf;

namespace Splitwise.Onnx.Tests;

public sealed class OnnxModelFileTests
{
    [SkippableFact]
    public void A_real_model_parses_and_round_trips_through_the_writer()
    {
        var path = OcrModels.Require(OcrModels.Classifier);
        var model = OnnxModelFile.Read(path);

        var reread = OnnxModelFile.Parse(OnnxModelFile.ToBytes(model));

        Assert.True(model.Graph.Node.Count > 10);
        Assert.Contains(model.Graph.Node, n => n.OpType == "Conv");
        Assert.NotEmpty(model.OpsetImport);
        Assert.Equal(model, reread);
        Assert.Equal(new FileInfo(path).Length, OnnxModelFile.ToBytes(reread).Length);
    }

    [Fact]
    public void A_hand_made_model_written_to_a_file_reads_back_equal()
    {
        var model = new GraphBuilder().Input("x", 2).Output("y", 2).Node("Relu", ["x"], "y").Build();
        var path = Path.Combine(Path.GetTempPath(), $"splitwise-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxModelFile.Write(model, path);
            Assert.Equal(model, OnnxModelFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_input_is_a_typed_error_that_says_why()
    {
        var bytes = new GraphBuilder().Input("x", 2).Output("y", 2).Node("Relu", ["x"], "y")
            .Initializer("unused", [64], 1f).Build().ToByteArray();

        Assert.Contains("empty", Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Parse([])).Message);
        Assert.Contains("truncated",
            Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Parse(bytes.AsSpan(0, bytes.Length - 9))).Message);
        Assert.Contains("not an ONNX model",
            Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Parse("hello, not a model\n"u8)).Message);
        Assert.Contains("no such file",
            Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Read("/nonexistent/model.onnx")).Message);
    }
}
