using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Splitwise.Client;
using Splitwise.Contracts;
using Microsoft.Extensions.FileProviders;
using Splitwise.EdgeHost.OpenAi;
using Splitwise.EdgeHost.Partition;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Links;

namespace Splitwise.EdgeHost;

/// <summary>
/// The edge silo (primary for localhost clustering) and the gateway where requests enter:
///   GET  /generate/{model}?prompt=...&amp;tokens=64   NDJSON, one TokenStep per line (camelCase) as it is generated
///   GET  /generate/{model}/{session}?after=N      a broken stream resumed (see GenerateEndpoints)
///   GET  /plan/{model}                            the current plan
///   POST /plan/{model}/edge-layers/{k}?codec=fp32  first k layers on the edge, the rest in the cloud
///   GET  /metrics                                 Prometheus text: the Splitwise.Link and Orleans meters
///   GET  /dashboard                               the Orleans dashboard
///   GET  /partition.html                          the live partition page (PartitionEndpoints feed it)
///   /v1/models, /v1/completions, /v1/chat/completions   OpenAI-compatible (see OpenAiEndpoints)
/// Fabric:ApiKey, when set, guards /v1 and every change (ApiKeyGuard); without it the gateway binds loopback only.
/// Built apart from Program so that tests run the same app on ports of their choosing.
/// </summary>
public static class EdgeApp
{
    /// <summary>Longest path and query the gateway reads (Kestrel's default request line is 8 KiB).</summary>
    public const int MaxUrlChars = 8 * 1024;

    private const int KestrelRequestLine = 64 * 1024;

    public static WebApplication Build(string[] args)
    {
        // Content root beside the binary: `dotnet run` keeps the user's directory as the working directory
        // (RunWorkingDirectory), against which model paths resolve, and appsettings.json is found all the same.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var tier = FabricHosting.TierFrom(builder.Configuration, Tier.Edge);
        var apiKey = builder.Configuration[ApiKeyGuard.ConfigKey];
        // Binding failures (a missing or non-numeric parameter) throw, so that they get a typed body like the rest.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Kestrel answers a longer request line with a bare 414; up to its limit the gateway answers with a typed one.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestLineSize = KestrelRequestLine);
        if (string.IsNullOrEmpty(apiKey) && builder.Configuration["urls"] is { Length: > 0 } urls)
            builder.WebHost.UseUrls(LoopbackBinding.Restrict(urls, Console.WriteLine));
        builder.UseOrleans(silo =>
        {
            FabricHosting.ConfigureSilo(silo, builder.Configuration, tier);
            silo.AddDashboard(o => o.CounterUpdateIntervalMs = 1000);
        });
        builder.Services.AddSingleton(sp => new FabricClient(sp.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSingleton<GatewayCounters>();
        builder.Services.AddSingleton<ActualPlacement>();
        builder.Services.AddSingleton<PartitionMonitor>();
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(LinkInstruments.MeterName, "Microsoft.Orleans").AddPrometheusExporter());
        if (builder.Configuration.GetValue<bool>("Fabric:Tracing:Console"))
            telemetry.WithTracing(tracing => tracing.AddSource(FabricTracing.Sources).AddConsoleExporter());
        var app = builder.Build();
        if (app.Services.GetRequiredService<DeviceEmulator>().Stretch is { } emulated)
            Console.WriteLine(EdgeDeviceSettings.Describe(emulated));

        // Every failure gets a typed JSON body (HttpError): the caller's mistakes 400, outages 503 + Retry-After.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length > MaxUrlChars)
            {
                await new HttpError(StatusCodes.Status414UriTooLong, "UriTooLong",
                    $"the URL is {context.Request.Path.Value!.Length + context.Request.QueryString.Value!.Length} characters; at most {MaxUrlChars} are read (a long prompt goes to /v1/completions in a POST body)").Write(context.Response);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                var error = HttpError.From(e);
                if (error.Status >= 500 && error.RetryAfterSeconds is null)
                    app.Logger.LogError(e, "{Path} failed", context.Request.Path);
                await error.Write(context.Response);
            }
        });
        app.UseApiKey(apiKey);
        app.MapPrometheusScrapingEndpoint();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")) });
        app.MapPartition();
        app.MapOpenAi();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(HostBanner.Describe(app.Services, tier, [.. app.Urls],
            [("partition page", "/partition.html"), ("OpenAI API", $"/v1 (API key {(string.IsNullOrEmpty(apiKey) ? "not required; loopback only" : "required")})"), ("dashboard", "/dashboard"), ("metrics", "/metrics")])));
        app.MapGet("/health", () => Results.Ok(new { tier = tier.ToString().ToLowerInvariant() }));
        app.MapGet("/plan/{model}", async (string model, FabricClient fabric) => Results.Ok(Describe(await fabric.GetPlan(model))));
        app.MapPost("/plan/{model}/edge-layers/{k:int}", async (string model, int k, string? codec, FabricClient fabric, HttpResponse response) =>
            Reply(await fabric.SetPlan(model, (dims, spec) => k >= 0 && k <= dims.Layers
                ? PartitionPlans.FirstLayersOnEdge(k, dims, spec, codec ?? "fp32")
                : throw new InvalidPlanException($"edge-layers must be 0..{dims.Layers} for '{model}' ({dims.Layers} layers), got {k}")), response));
        app.MapGenerate();
        return app;
    }

    // A change not applied (a tier it needs is down) left the plan as it was: 503, try again shortly.
    private static IResult Reply(PlanChange change, HttpResponse response)
    {
        if (change.Applied)
            return Results.Ok(change);
        response.Headers.RetryAfter = "1";
        return Results.Json(new { error = "PlanNotApplied", message = change.Reason, applied = false, change.Version }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static object Describe(PartitionPlan plan) => new
    {
        plan.Version,
        plan.Codec,
        plan.Spec,
        layers = Enumerable.Range(0, plan.Layers).Select(l => $"L{l} {plan.Describe(l)}"),
    };
}
