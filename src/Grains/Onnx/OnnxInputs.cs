using Splitwise.Contracts.Errors;
using Splitwise.Grains.Hosting;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Grains.Onnx;

internal static class OnnxInputs
{
    /// <exception cref="InvalidRequestException">the bytes are not a wire tensor.</exception>
    public static FloatTensor Decode(byte[] bytes)
    {
        try
        {
            return TensorWire.Decode(bytes);
        }
        catch (FormatException e)
        {
            throw new InvalidRequestException(e.Message);
        }
    }

    /// <summary>"edge 127.0.0.1:11111@..." : the silo's role and address, for checking where a half ran.</summary>
    public static string Where(SiloTier tier, ILocalSiloDetails local) => $"{SiloTier.RoleName(tier.Tier)} {local.SiloAddress}";
}
