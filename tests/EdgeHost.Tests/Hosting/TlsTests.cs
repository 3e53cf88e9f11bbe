using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Net.Http.Json;

namespace Splitwise.EdgeHost.Tests.Hosting;

/// <summary>Both silos with Fabric:Tls set to one self-signed certificate, made here.</summary>
public sealed class TlsEdgeFabric : EdgeFabric
{
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"splitwise-tls-{Guid.NewGuid():N}.pfx");

    public TlsEdgeFabric()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=splitwise-silo", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, Password));
        Thumbprint = certificate.Thumbprint;
    }

    public const string Password = "test-password";

    public string Thumbprint { get; }

    protected override string[] SiloArgs() => ["--Fabric:Tls:Certificate", _pfx, "--Fabric:Tls:Password", Password];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_pfx);
    }
}

public class TlsTests(TlsEdgeFabric fabric) : IClassFixture<TlsEdgeFabric>
{
    [Fact]
    public async Task SilosSharingASelfSignedCertificateServeAGenerationAcrossTheTiers()
    {
        using var http = fabric.Http();

        using var response = await http.PostAsJsonAsync("/v1/completions", new { model = EdgeFabric.Model, prompt = "In the", max_tokens = 3, temperature = 0 });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.EnsureSuccessStatusCode();
        var tokens = body.GetProperty("splitwise").GetProperty("tokens").EnumerateArray().ToArray();
        Assert.Equal(3, tokens.Length);
        Assert.All(tokens, t => Assert.True(t.GetProperty("link").GetProperty("far_calls").GetInt32() > 0, "layers 2-3 ran in the cloud, over TLS"));
    }

    [Fact]
    public async Task TheSiloPortSpeaksTlsWithTheConfiguredCertificate()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, fabric.EdgeSiloPort);
        X509Certificate? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            presented = certificate;
            return true;
        });

        await tls.AuthenticateAsClientAsync("splitwise-silo");

        Assert.Equal(fabric.Thumbprint, Assert.IsAssignableFrom<X509Certificate>(presented).GetCertHashString());
    }
}
