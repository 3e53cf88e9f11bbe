using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Splitwise.Contracts;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Links;

namespace Splitwise.Silo;

/// <summary>
/// The cloud silo: sub-blocks and layer stages the plan puts in the cloud. Configuration: appsettings.json (beside
/// the binary), environment (Fabric__SiloPort=...), command line (--Fabric:SiloPort 11112); see FabricHosting.
///   GET /metrics     Prometheus text of the Splitwise.Link meter (the crossings this silo received) and Orleans'
///   GET /dashboard   the Orleans dashboard
///   GET /health
/// Built apart from Program so that tests run the same app on ports of their choosing.
/// </summary>
public static class CloudApp
{
    public static WebApplication Build(string[] args)
    {
        // Content root beside the binary: `dotnet run` keeps the user's directory as the working directory
        // (RunWorkingDirectory), against which model paths resolve, and appsettings.json is found all the same.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var tier = FabricHosting.TierFrom(builder.Configuration, Tier.Cloud);
        builder.UseOrleans(silo =>
        {
            FabricHosting.ConfigureSilo(silo, builder.Configuration, tier);
            silo.AddDashboard(o => o.CounterUpdateIntervalMs = 1000);
        });
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(LinkInstruments.MeterName, "Microsoft.Orleans").AddPrometheusExporter());
        if (builder.Configuration.GetValue<bool>("Fabric:Tracing:Console"))
            telemetry.WithTracing(tracing => tracing.AddSource(FabricTracing.Sources).AddConsoleExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapGet("/health", () => Results.Ok(new { tier = tier.ToString().ToLowerInvariant() }));
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(HostBanner.Describe(app.Services, tier, [.. app.Urls], [("dashboard", "/dashboard"), ("metrics", "/metrics")])));
        return app;
    }
}
