namespace Splitwise.Inference.Codecs;

/// <summary>
/// The codecs a <c>PartitionPlan</c> or the command line can name. Codecs are stateless and
/// thread-safe, so one shared instance of each is handed out.
/// </summary>
public static class ActivationCodecs
{
    public static IActivationCodec Fp32 { get; } = new Fp32ActivationCodec();

    public static IActivationCodec Fp16 { get; } = new Fp16ActivationCodec();

    public static IActivationCodec Int8 { get; } = new Int8ActivationCodec();

    public static IActivationCodec Int4 { get; } = new Int4ActivationCodec();

    private static readonly IActivationCodec[] All = [Fp32, Fp16, Int8, Int4];

    /// <summary>Lower-case names, from most to least precise.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Array.ConvertAll(All, codec => codec.Name));

    /// <summary>The codec with this name, ignoring case.</summary>
    /// <exception cref="UnknownCodecException">No codec has that name; the message lists the valid ones.</exception>
    public static IActivationCodec Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var codec in All)
        {
            if (string.Equals(codec.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return codec;
            }
        }

        throw new UnknownCodecException(name, Names);
    }
}
