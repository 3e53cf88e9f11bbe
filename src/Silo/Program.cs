using Splitwise.Contracts.Errors;
using Splitwise.Silo;

// The cloud silo: see CloudApp. A configuration it cannot use (e.g. a model path with nothing there) ends it
// at start with the key and the path, exit code 2.
try
{
    CloudApp.Build(args).Run();
}
catch (FabricConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

return 0;
