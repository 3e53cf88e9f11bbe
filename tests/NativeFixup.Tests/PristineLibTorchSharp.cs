using System.Reflection;

namespace Splitwise.NativeFixup.Tests;

/// <summary>The unpatched libLibTorchSharp.so shipped in the TorchSharp package, which tests only ever copy.</summary>
public static class PristineLibTorchSharp
{
    public const string Version = "GLIBCXX_3.4.32";

    public static string PackagePath
    {
        get
        {
            var root = typeof(PristineLibTorchSharp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "TorchSharpPackageRoot").Value;
            return Path.Combine(root!, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    public static string CopyTo(TemporaryDirectory directory)
    {
        var copy = directory.File("libLibTorchSharp.so");
        File.Copy(PackagePath, copy);
        return copy;
    }

    public static byte[] Bytes() => File.ReadAllBytes(PackagePath);
}
