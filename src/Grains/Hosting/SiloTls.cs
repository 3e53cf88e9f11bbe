using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Splitwise.Contracts.Errors;

namespace Splitwise.Grains.Hosting;

/// <summary>
/// TLS on the silo's connections (silo to silo, and the gateway) when Fabric:Tls:Certificate names a .pfx file
/// (Fabric:Tls:Password unlocks it). Both ends must show a certificate whose thumbprint is pinned in
/// Fabric:Tls:TrustedThumbprints (comma-separated; default: this silo's own, for silos sharing one certificate),
/// so a self-signed certificate works and a merely CA-valid stranger is refused. Off when no certificate is set.
/// </summary>
public static class SiloTls
{
    public static void Configure(ISiloBuilder silo, IConfigurationSection tls, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(tls["Certificate"]))
            return;
        var certificate = Load(tls, baseDirectory);
        var trusted = (tls["TrustedThumbprints"] is { Length: > 0 } list ? list : certificate.Thumbprint)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        silo.UseTls(certificate, options => options.RemoteCertificateValidation = (remote, _, _) => Pinned(remote, trusted));
    }

    public static bool Pinned(X509Certificate2? remote, IReadOnlySet<string> trusted) => remote is not null && trusted.Contains(remote.Thumbprint);

    private static X509Certificate2 Load(IConfigurationSection tls, string baseDirectory)
    {
        var path = Path.GetFullPath(tls["Certificate"]!, baseDirectory);
        if (!File.Exists(path))
            throw new FabricConfigurationException("Fabric:Tls:Certificate", tls["Certificate"], $"a .pfx file; nothing is at {path}");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, tls["Password"]);
        }
        catch (CryptographicException e)
        {
            throw new FabricConfigurationException("Fabric:Tls:Password", "(hidden)", $"the password of {path} ({e.Message})");
        }

        return certificate.HasPrivateKey ? certificate
            : throw new FabricConfigurationException("Fabric:Tls:Certificate", tls["Certificate"], "a .pfx holding the private key as well");
    }
}
