using Splitwise.Contracts.Errors;
using Splitwise.EdgeHost;

// The edge host: see EdgeApp for its endpoints. Configuration: appsettings.json (beside the binary), environment
// (Fabric__SiloPort=...), command line (--Fabric:SiloPort 11111); see FabricHosting. A configuration it cannot use
// (e.g. a model path with nothing there) ends it at start with the key and the path, exit code 2.
try
{
    EdgeApp.Build(args).Run();
}
catch (FabricConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

return 0;
