using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Splitwise.ChatSample;
using Splitwise.Client;
using Splitwise.Contracts.Errors;

// Connects to a running fabric (see README "Sample app") and runs ChatDemo. The sample's own options are declared
// in ChatOptions; the fabric's (--Fabric:GatewayPort 30000, or --Fabric:Clustering Redis --Fabric:Redis:ConnectionString
// HOST:PORT) are declared here and override the environment (Fabric__GatewayPort=30000).
string[] fabricKeys = ["Fabric:GatewayPort", "Fabric:Clustering", "Fabric:Redis:ConnectionString", "Fabric:ServiceId", "Fabric:ClusterId"];
var root = new RootCommand("Splitwise chat sample: sets a plan, streams one generation with each token's trace, reads the plan back");
var fabricOptions = fabricKeys.Select(key => new Option<string>($"--{key}") { Description = $"fabric setting {key} (or the environment variable {key.Replace(":", "__", StringComparison.Ordinal)})" }).ToList();
fabricOptions.ForEach(root.Add);
var readOptions = ChatOptions.Declare(root);
root.SetAction(async (parsed, cancellationToken) =>
{
    var given = fabricOptions.Where(o => parsed.GetValue(o) is not null).ToDictionary(o => o.Name[2..], o => parsed.GetValue(o));
    var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(given).Build();
    try
    {
        await using var connection = await FabricConnection.Connect(config, cancellationToken);
        await ChatDemo.Run(connection.Client, readOptions(parsed), Console.Out, cancellationToken);
        return 0;
    }
    catch (Exception e) when (e is FabricException or FabricConfigurationException or FabricUnreachableException)
    {
        await Console.Error.WriteLineAsync($"{e.GetType().Name}: {e.Message}");
        return 1;
    }
});

var result = root.Parse(args);
if (result.Errors.Count == 0)
    return await result.InvokeAsync();
if (result.Action is System.CommandLine.Invocation.ParseErrorAction error)
    error.ShowHelp = false;
result.Invoke(new InvocationConfiguration { Output = Console.Error, Error = Console.Error });
return 2;
