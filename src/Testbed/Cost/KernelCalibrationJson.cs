using System.Text.Json;

namespace Splitwise.Testbed.Cost;

/// <summary>A <see cref="KernelCalibration"/> as JSON text (the file a machine's calibration is kept in); no file I/O here.</summary>
public static class KernelCalibrationJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Write(KernelCalibration calibration) => JsonSerializer.Serialize(calibration, Options);

    /// <exception cref="CostModelException">not a calibration, or one with a non-positive rate.</exception>
    public static KernelCalibration Read(string json)
    {
        KernelCalibration? calibration;
        try
        {
            calibration = JsonSerializer.Deserialize<KernelCalibration>(json, Options);
        }
        catch (JsonException e)
        {
            throw new CostModelException($"not a kernel calibration: {e.Message}");
        }

        if (calibration is null)
            throw new CostModelException("not a kernel calibration: empty JSON");
        return calibration.Validated();
    }
}
