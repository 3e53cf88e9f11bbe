using System.Globalization;
using Microsoft.Extensions.Configuration;
using Splitwise.Contracts.Errors;

namespace Splitwise.ChatSample;

/// <summary>What the sample asks of the fabric: --model, --edge-layers, --codec, --prompt, --tokens.</summary>
public sealed record ChatOptions(string Model, int EdgeLayers, string Codec, string Prompt, int Tokens)
{
    /// <summary>The model the hosts serve when given none (models/kjv-gpt2-6x256).</summary>
    public const string BundledModel = "kjv-gpt2-6x256";

    /// <exception cref="FabricConfigurationException">a number that does not parse.</exception>
    public static ChatOptions From(IConfiguration config) => new(
        config["model"] ?? BundledModel,
        Int(config, "edge-layers", 3),
        config["codec"] ?? "int8",
        config["prompt"] ?? "In the beginning",
        Int(config, "tokens", 24));

    private static int Int(IConfiguration config, string key, int fallback) =>
        config[key] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
        : throw new FabricConfigurationException(key, text, "a non-negative whole number");
}
