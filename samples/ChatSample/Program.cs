using Microsoft.Extensions.Configuration;
using Splitwise.ChatSample;
using Splitwise.Client;
using Splitwise.Contracts.Errors;

// Connects to a running fabric (see README "Sample app") and runs ChatDemo. Everything comes from the
// command line or the environment: --Fabric:GatewayPort 30000 (Localhost clustering, the edge host's
// gateway), or --Fabric:Clustering Redis --Fabric:Redis:ConnectionString HOST:PORT; then --model,
// --edge-layers, --codec, --prompt, --tokens.
var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
try
{
    var options = ChatOptions.From(config);
    await using var connection = await FabricConnection.Connect(config);
    await ChatDemo.Run(connection.Client, options, Console.Out);
    return 0;
}
catch (Exception e) when (e is FabricException or FabricConfigurationException or FabricUnreachableException)
{
    await Console.Error.WriteLineAsync($"{e.GetType().Name}: {e.Message}");
    return 1;
}
