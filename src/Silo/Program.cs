using Splitwise.Contracts;
using Splitwise.Grains.Hosting;

// The cloud silo: sub-blocks and layer stages the plan puts in the cloud. Configuration: appsettings.json,
// environment (Fabric__SiloPort=...), command line (--Fabric:SiloPort 11112); see FabricHosting.
var builder = WebApplication.CreateBuilder(args);
var tier = FabricHosting.TierFrom(builder.Configuration, Tier.Cloud);
builder.UseOrleans(silo => FabricHosting.ConfigureSilo(silo, builder.Configuration, tier));
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { tier = tier.ToString().ToLowerInvariant() }));
app.Run();
