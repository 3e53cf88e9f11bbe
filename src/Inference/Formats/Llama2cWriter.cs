using System.Runtime.InteropServices;
using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Writes a legacy (version 0) llama2.c checkpoint from Hugging Face-named tensors, undoing the
/// q/k row order as llama2.c's export.py does, so tests can produce files run.c would accept.
/// </summary>
public static class Llama2cWriter
{
    /// <param name="tensors">
    /// Every name of <see cref="Llama2cHeader.TensorShapes"/>; <c>lm_head.weight</c> is ignored (and may
    /// be absent) when <see cref="Llama2cHeader.SharedClassifier"/> is set.
    /// </param>
    /// <exception cref="MissingTensorException">a required tensor is absent.</exception>
    /// <exception cref="ShapeMismatchException">a tensor's shape differs from the header's.</exception>
    public static void Write(string path, Llama2cHeader header, IReadOnlyDictionary<string, torch.Tensor> tensors)
    {
        header.Validate(path);
        var segments = Llama2cLayout.Segments(header, version: 0);
        foreach (var segment in segments.Where(Llama2cLayout.IsExposed))
        {
            if (!tensors.TryGetValue(segment.Name, out var tensor)) throw new MissingTensorException(path, segment.Name);
            if (!tensor.shape.SequenceEqual(segment.Shape))
                throw new ShapeMismatchException(path, segment.Name, segment.Shape, tensor.shape);
        }

        using var scope = torch.NewDisposeScope();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        int vocabField = header.SharedClassifier ? header.VocabSize : -header.VocabSize;
        int[] fields = [header.Dim, header.HiddenDim, header.NLayers, header.NHeads, header.NKvHeads, vocabField, header.SeqLen];
        stream.Write(MemoryMarshal.AsBytes(fields.AsSpan()));
        foreach (var segment in segments)
        {
            var values = segment.Name switch
            {
                Llama2cLayout.FreqCisReal => RopeTable(header, cosine: true),
                Llama2cLayout.FreqCisImag => RopeTable(header, cosine: false),
                _ => ToFileOrder(tensors[segment.Name], segment),
            };
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static float[] ToFileOrder(torch.Tensor tensor, Llama2cSegment segment)
    {
        var fp32 = tensor.detach().to(torch.CPU).to_type(torch.ScalarType.Float32);
        if (segment.RopeHeads is int heads) fp32 = RotaryPermutation.ToInterleaved(fp32, heads);
        return fp32.contiguous().data<float>().ToArray();
    }

    /// <summary>The cos/sin tables export.py stores (model.freqs_cos/sin[:seq_len]); run.c ignores them.</summary>
    private static float[] RopeTable(Llama2cHeader header, bool cosine)
    {
        int half = header.HeadSize / 2;
        var table = new float[header.SeqLen * half];
        for (int position = 0; position < header.SeqLen; position++)
            for (int j = 0; j < half; j++)
            {
                double angle = position / Math.Pow(10000.0, 2.0 * j / header.HeadSize);
                table[position * half + j] = (float)(cosine ? Math.Cos(angle) : Math.Sin(angle));
            }
        return table;
    }
}
