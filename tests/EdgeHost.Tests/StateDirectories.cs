namespace Splitwise.EdgeHost.Tests;

/// <summary>
/// A state directory of its own for each host pair a test starts: plans are stored (Fabric:StateDirectory), and one
/// test's plan must not be another's starting point.
/// </summary>
public static class StateDirectories
{
    public static string New() => Path.Combine(Path.GetTempPath(), "splitwise-state-" + Guid.NewGuid().ToString("N"));

    public static string[] Fresh(string? directory = null) => ["--Fabric:StateDirectory", directory ?? New()];
}
