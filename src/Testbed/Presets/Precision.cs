namespace Splitwise.Testbed.Presets;

/// <summary>Element type of stored weights and KV caches; the value is bytes per element.</summary>
public enum Precision
{
    Fp16 = 2,
    Fp32 = 4,
}
