namespace Splitwise.NativeFixup.Tests;

public class HostLibStdCxxTests
{
    [Fact]
    public void FindsTheHostLibraryAndReadsItsVersionDefinitions()
    {
        if (!OperatingSystem.IsLinux())
            return; // libstdc++ and /proc/self/maps are Linux concepts

        var host = HostLibStdCxx.Locate();

        Assert.NotNull(host);
        Assert.True(HostLibStdCxx.Defines(host, "GLIBCXX_3.4"), "every libstdc++ defines the base GLIBCXX_3.4");
        Assert.False(HostLibStdCxx.Defines(host, "GLIBCXX_99.0"));
    }
}
