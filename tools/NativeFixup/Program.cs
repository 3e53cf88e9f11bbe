using Splitwise.NativeFixup;

// Usage: NativeFixup <version> <elf-file>...
// Marks each file's requirement of <version> weak, unless the host libstdc++ defines that version.
// Messages are one line per file; errors use MSBuild's canonical format so Exec reports them as build errors.
if (args.Length < 2)
{
    Console.Error.WriteLine("NativeFixup : error NFX0001 : usage: NativeFixup <version> <elf-file>...");
    return 2;
}

var version = args[0];
var hostProvidesVersion = new Lazy<bool>(() =>
{
    if (HostLibStdCxx.Locate() is not { } host)
    {
        Console.WriteLine($"NativeFixup: host libstdc++ not found; treating {version} as missing (a weak requirement is harmless if it is present)");
        return false;
    }
    var defines = HostLibStdCxx.Defines(host, version);
    Console.WriteLine($"NativeFixup: host libstdc++ {host} {(defines ? "defines" : "lacks")} {version}");
    return defines;
});

var failed = false;
foreach (var file in args.Skip(1))
{
    try
    {
        if (NuGetCacheGuard.IsInsideGlobalPackagesFolder(file))
        {
            Console.Error.WriteLine($"NativeFixup : error NFX0002 : {file}: refusing to patch a file inside the NuGet global packages folder");
            failed = true;
            continue;
        }
        var image = ElfImage.Load(file);
        var requirements = VersionNeedReader.Read(image).Where(r => r.Version == version).ToList();
        var message = requirements switch
        {
            [] => $"does not require {version}",
            _ when requirements.All(r => r.IsWeak) => $"{version} already weak",
            _ when hostProvidesVersion.Value => $"left as is (the host provides {version})",
            _ => WeakVersionPatcher.MarkWeakInFile(file, version) switch
            {
                PatchOutcome.MarkedWeak => $"marked {version} weak (VER_FLG_WEAK)",
                var other => $"unexpected outcome {other}",
            },
        };
        Console.WriteLine($"NativeFixup: {file}: {message}");
    }
    catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
    {
        // ElfFormatException messages already start with the path; IO exceptions name it themselves too.
        Console.Error.WriteLine($"NativeFixup : error NFX0003 : {e.Message}");
        failed = true;
    }
}
return failed ? 1 : 0;
