using System.Globalization;
using Splitwise.Onnx;
using Splitwise.Onnx.Proto;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Cli.Live;

/// <summary>The `--model` and `--input-shape` options of the ONNX commands, with PaddleOCR's classifier as default.</summary>
public static class OnnxModelOptions
{
    public const string DefaultModel = ".cache/test-assets/ocr-models/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>The classifier declares [-1,3,-1,-1]; PaddleOCR feeds it 3x48x192 crops (its cls_image_shape).</summary>
    private static readonly long[] ClassifierShape = [1, 3, 48, 192];

    public static (string Path, ModelProto Model, long[] InputShape) Load(CliArgs args, string? positional = null)
    {
        var path = positional ?? args.Get("model", DefaultModel);
        if (!File.Exists(path))
        {
            throw new CliUsageException($"no ONNX model at {path}" +
                (path == DefaultModel ? " (run `bash scripts/setup-onnx-models.sh` to fetch PaddleOCR's models)" : ""));
        }

        var model = OnnxModelFile.Read(path);
        long[]? requested = args.Get("input-shape") is { } text
            ? text.Split(',').Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray()
            : Path.GetFileName(path).Contains("_cls_", StringComparison.Ordinal) ? ClassifierShape : null;
        return (path, model, ShapeProbe.ConcreteInputShape(model, requested));
    }
}
