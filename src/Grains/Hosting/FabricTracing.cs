using System.Diagnostics;

namespace Splitwise.Grains.Hosting;

/// <summary>
/// The activity sources a trace of one generation is made of: the gateway's request, then every grain call it
/// causes on either silo (Orleans carries the trace context across silos when AddActivityPropagation is on, as
/// every fabric silo has it). Hosts export them when Fabric:Tracing:Console is true.
/// </summary>
public static class FabricTracing
{
    public const string GatewaySourceName = "Splitwise.Gateway";

    public static readonly ActivitySource Gateway = new(GatewaySourceName);

    public static readonly string[] Sources = [GatewaySourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];
}
