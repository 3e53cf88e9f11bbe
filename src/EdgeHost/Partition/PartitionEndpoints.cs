using System.Text.Json;
using Splitwise.Grains.Models;

namespace Splitwise.EdgeHost.Partition;

/// <summary>
/// The live partition page's data (the page itself is wwwroot/partition.html):
///   GET /partition/snapshot?model=NAME   one snapshot (JSON)
///   GET /partition/events?model=NAME     server-sent events: a snapshot every 500 ms until the page closes
/// Without model, the first model the fabric serves.
/// </summary>
public static class PartitionEndpoints
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapPartition(this WebApplication app)
    {
        app.MapGet("/partition/snapshot", async (string? model, PartitionMonitor monitor, ModelCatalog catalog) =>
            Results.Json(await monitor.Snapshot(Model(model, catalog)), Json));
        app.MapGet("/partition/events", async (string? model, HttpResponse response, PartitionMonitor monitor, ModelCatalog catalog, CancellationToken ct) =>
        {
            var name = Model(model, catalog);
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            using var timer = new PeriodicTimer(Period);
            try
            {
                do
                {
                    await response.WriteAsync("data: " + JsonSerializer.Serialize(await monitor.Snapshot(name), Json) + "\n\n", ct);
                    await response.Body.FlushAsync(ct);
                }
                while (await timer.WaitForNextTickAsync(ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // the page went away
            }
        });
    }

    private static string Model(string? model, ModelCatalog catalog) =>
        string.IsNullOrEmpty(model) ? catalog.Names.Order(StringComparer.Ordinal).First() : model;
}
