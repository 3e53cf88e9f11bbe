namespace Splitwise.NativeFixup.Tests;

public class WeakVersionPatcherTests
{
    const string Version = PristineLibTorchSharp.Version;

    [Fact]
    public void PristineLibraryRequiresTheVersionStrictlyFromLibStdCxx()
    {
        var requirement = Requirement(ElfImage.Parse("pristine", PristineLibTorchSharp.Bytes()));

        Assert.Equal("libstdc++.so.6", requirement.Library);
        Assert.False(requirement.IsWeak);
    }

    [Fact]
    public void MarksTheRequirementWeak()
    {
        using var directory = new TemporaryDirectory();
        var copy = PristineLibTorchSharp.CopyTo(directory);

        Assert.Equal(PatchOutcome.MarkedWeak, WeakVersionPatcher.MarkWeakInFile(copy, Version));

        Assert.True(Requirement(ElfImage.Load(copy)).IsWeak);
    }

    [Fact]
    public void ChangesNothingButThatOneFlag()
    {
        using var directory = new TemporaryDirectory();
        var copy = PristineLibTorchSharp.CopyTo(directory);
        var before = File.ReadAllBytes(copy);
        var flagsOffset = Requirement(ElfImage.Parse(copy, before)).FlagsOffset;

        WeakVersionPatcher.MarkWeakInFile(copy, Version);

        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal([(int)flagsOffset], changed);
        Assert.Equal(before[flagsOffset] | ElfConstants.VerFlagWeak, after[flagsOffset]);
        Assert.All(
            VersionNeedReader.Read(ElfImage.Parse(copy, after)).Where(r => r.Version != Version),
            r => Assert.False(r.IsWeak));
    }

    [Fact]
    public void SecondRunReportsAlreadyWeakAndWritesNothing()
    {
        using var directory = new TemporaryDirectory();
        var copy = PristineLibTorchSharp.CopyTo(directory);
        WeakVersionPatcher.MarkWeakInFile(copy, Version);
        var once = File.ReadAllBytes(copy);
        var onceWritten = File.GetLastWriteTimeUtc(copy);

        Assert.Equal(PatchOutcome.AlreadyWeak, WeakVersionPatcher.MarkWeakInFile(copy, Version));

        Assert.Equal(once, File.ReadAllBytes(copy));
        Assert.Equal(onceWritten, File.GetLastWriteTimeUtc(copy));
    }

    [Fact]
    public void VersionNotRequiredLeavesTheFileAlone()
    {
        using var directory = new TemporaryDirectory();
        var copy = PristineLibTorchSharp.CopyTo(directory);

        Assert.Equal(PatchOutcome.NotRequired, WeakVersionPatcher.MarkWeakInFile(copy, "GLIBCXX_99.0"));

        Assert.Equal(PristineLibTorchSharp.Bytes(), File.ReadAllBytes(copy));
    }

    [Fact]
    public void KeepsModeAndLastWriteTimeSoIncrementalCopiesStaySkipped()
    {
        using var directory = new TemporaryDirectory();
        var copy = PristineLibTorchSharp.CopyTo(directory);
        var lastWrite = new DateTime(2026, 5, 7, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(copy, lastWrite);
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(copy);

        WeakVersionPatcher.MarkWeakInFile(copy, Version);

        Assert.Equal(lastWrite, File.GetLastWriteTimeUtc(copy));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(mode, File.GetUnixFileMode(copy));
    }

    [Fact]
    public void PatchingALinkedOutputFileLeavesTheLinkTargetUntouched()
    {
        // The build may link output files to the NuGet cache; the cache copy must never change.
        using var directory = new TemporaryDirectory();
        var cached = PristineLibTorchSharp.CopyTo(directory);
        var output = directory.File("output.so");
        File.CreateSymbolicLink(output, cached);

        Assert.Equal(PatchOutcome.MarkedWeak, WeakVersionPatcher.MarkWeakInFile(output, Version));

        Assert.Equal(PristineLibTorchSharp.Bytes(), File.ReadAllBytes(cached));
        Assert.Null(new FileInfo(output).LinkTarget);
        Assert.True(Requirement(ElfImage.Load(output)).IsWeak);
    }

    static VersionRequirement Requirement(ElfImage image) =>
        Assert.Single(VersionNeedReader.Read(image), r => r.Version == Version);
}
