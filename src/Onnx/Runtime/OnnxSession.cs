using Microsoft.ML.OnnxRuntime;

namespace Splitwise.Onnx.Runtime;

/// <summary>
/// One ONNX Runtime session on the CPU with a real thread-count knob. Sequential execution with one inter-op
/// thread, so <see cref="IntraOpThreads"/> is the only parallelism and runs are comparable.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession session;

    public OnnxSession(byte[] model, int intraOpThreads = 1)
    {
        if (intraOpThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, "at least one thread");
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxFormatException("<onnx runtime>", "ONNX Runtime refused the model: " + e.Message, e);
        }

        IntraOpThreads = intraOpThreads;
        InputNames = session.InputNames.ToArray();
        OutputNames = session.OutputNames.ToArray();
    }

    public int IntraOpThreads { get; }

    public IReadOnlyList<string> InputNames { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The declared input dimensions, -1 where symbolic (such as a dynamic batch).</summary>
    public long[] InputShape(string name) => session.InputMetadata[name].Dimensions.Select(d => (long)d).ToArray();

    public IReadOnlyDictionary<string, FloatTensor> Run(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        var values = inputs.ToDictionary(p => p.Key, p => OrtValue.CreateTensorValueFromMemory(p.Value.Data, p.Value.Shape));
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, values, OutputNames);
            return OutputNames.Zip(outputs).ToDictionary(
                p => p.First,
                p => new FloatTensor(p.Second.GetTensorTypeAndShape().Shape, p.Second.GetTensorDataAsSpan<float>().ToArray()));
        }
        catch (OnnxRuntimeException e)
        {
            // Typically an input whose shape the model cannot take.
            var shapes = string.Join(", ", inputs.Select(p => $"{p.Key} [{string.Join(",", p.Value.Shape)}]"));
            throw new OnnxFormatException("<onnx runtime>", $"the run failed on {shapes}: {e.Message}", e);
        }
        finally
        {
            foreach (var value in values.Values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>For models with one input and one output, such as a head or a tail.</summary>
    public FloatTensor Run(FloatTensor input) =>
        Run(new Dictionary<string, FloatTensor> { [InputNames.Single()] = input }).Values.Single();

    public void Dispose() => session.Dispose();
}
