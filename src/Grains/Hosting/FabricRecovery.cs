using Splitwise.Planning.Recovery;

namespace Splitwise.Grains.Hosting;

/// <summary>The silo's <see cref="RecoveryOptions"/> as its sessions read them at each step (settable, for tests and operators).</summary>
public sealed class FabricRecovery(RecoveryOptions options)
{
    private RecoveryOptions _options = options;

    public RecoveryOptions Options
    {
        get => Volatile.Read(ref _options);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            Volatile.Write(ref _options, value);
        }
    }
}
