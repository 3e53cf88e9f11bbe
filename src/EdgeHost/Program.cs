// The edge host: see EdgeApp for its endpoints. Configuration: appsettings.json, environment
// (Fabric__SiloPort=...), command line (--Fabric:SiloPort 11111); see FabricHosting.
Splitwise.EdgeHost.EdgeApp.Build(args).Run();
