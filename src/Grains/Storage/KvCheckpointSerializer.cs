using MessagePack;
using MessagePack.Resolvers;
using Orleans.Storage;

namespace Splitwise.Grains.Storage;

/// <summary>
/// Grain-storage serializer for partition checkpoints: MessagePack (float payloads as raw bin, not text as the JSON
/// default would write them) compressed with LZ4 block arrays. Reports each payload's size to <paramref name="written"/>.
/// </summary>
public sealed class KvCheckpointSerializer(Action<long>? written = null) : IGrainStorageSerializer
{
    public static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance).WithCompression(MessagePackCompression.Lz4BlockArray)
            .WithSecurity(MessagePackSecurity.UntrustedData);

    public BinaryData Serialize<T>(T? input)
    {
        var bytes = MessagePackSerializer.Serialize(input, Options);
        written?.Invoke(bytes.Length);
        return new BinaryData(bytes);
    }

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return MessagePackSerializer.Deserialize<T>(input.ToMemory(), Options);
    }
}
