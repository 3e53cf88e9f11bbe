using System.Security.Cryptography;
using System.Text;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// Fabric:ApiKey, when set, is required as "Authorization: Bearer KEY" on /v1 and on every request that changes
/// something (any method but GET/HEAD). Reading pages, /health, /metrics and the dashboard stays open.
/// </summary>
public static class ApiKeyGuard
{
    public const string ConfigKey = "Fabric:ApiKey";

    public static void UseApiKey(this WebApplication app, string? key)
    {
        if (string.IsNullOrEmpty(key))
            return;
        var expected = Encoding.UTF8.GetBytes("Bearer " + key);
        app.Use(async (context, next) =>
        {
            var guarded = context.Request.Path.StartsWithSegments("/v1") || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));
            var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (guarded && !CryptographicOperations.FixedTimeEquals(given, expected))
            {
                await new OpenAiError(401, "missing or wrong API key: send 'Authorization: Bearer <Fabric:ApiKey>'", code: "invalid_api_key").Write(context.Response);
                return;
            }

            await next(context);
        });
    }
}
