namespace Splitwise.NativeFixup;

/// <summary>
/// Sets VER_FLG_WEAK on the Vernaux entries that require a given version, so the dynamic loader
/// only warns when the providing library lacks it. Only safe when nothing binds to a symbol of
/// that version (see README, Troubleshooting), which is why callers name the version explicitly.
/// </summary>
public static class WeakVersionPatcher
{
    /// <summary>Patches <paramref name="image"/>'s bytes in memory.</summary>
    public static PatchOutcome MarkWeak(ElfImage image, string version)
    {
        var matching = VersionNeedReader.Read(image).Where(r => r.Version == version).ToList();
        if (matching.Count == 0)
            return PatchOutcome.NotRequired;
        if (matching.All(r => r.IsWeak))
            return PatchOutcome.AlreadyWeak;
        foreach (var requirement in matching.Where(r => !r.IsWeak))
            image.WriteUInt16(requirement.FlagsOffset, (ushort)(requirement.Flags | ElfConstants.VerFlagWeak));
        return PatchOutcome.MarkedWeak;
    }

    /// <summary>Patches the file at <paramref name="path"/>; writes only when something changed.</summary>
    public static PatchOutcome MarkWeakInFile(string path, string version)
    {
        var image = ElfImage.Load(path);
        var outcome = MarkWeak(image, version);
        if (outcome == PatchOutcome.MarkedWeak)
            FileReplacement.Replace(path, image.Bytes);
        return outcome;
    }
}
