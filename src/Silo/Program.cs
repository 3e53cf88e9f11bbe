using OpenTelemetry.Metrics;
using Splitwise.Contracts;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Links;

// The cloud silo: sub-blocks and layer stages the plan puts in the cloud. Configuration: appsettings.json,
// environment (Fabric__SiloPort=...), command line (--Fabric:SiloPort 11112); see FabricHosting.
// GET /metrics: Prometheus text of the Splitwise.Link meter (the crossings this silo received, i.e. the
// edge's calls into the cloud) and the Orleans runtime meter.
var builder = WebApplication.CreateBuilder(args);
var tier = FabricHosting.TierFrom(builder.Configuration, Tier.Cloud);
builder.UseOrleans(silo => FabricHosting.ConfigureSilo(silo, builder.Configuration, tier));
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(LinkInstruments.MeterName, "Microsoft.Orleans").AddPrometheusExporter());
var app = builder.Build();
app.MapPrometheusScrapingEndpoint();
app.MapGet("/health", () => Results.Ok(new { tier = tier.ToString().ToLowerInvariant() }));
app.Run();
