namespace Splitwise.Contracts.Errors;

/// <summary>A host or client started with a configuration value it cannot use: names the key, the value and what is allowed.</summary>
public sealed class FabricConfigurationException(string key, string? value, string expected)
    : Exception($"configuration {key} = '{value ?? "(absent)"}' is not valid: expected {expected}")
{
    public string Key { get; } = key;
}
