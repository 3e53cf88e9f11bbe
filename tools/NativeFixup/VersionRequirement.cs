namespace Splitwise.NativeFixup;

/// <summary>
/// One Vernaux entry of <c>.gnu.version_r</c>: this object needs <paramref name="Version"/> from
/// <paramref name="Library"/>. <paramref name="FlagsOffset"/> is the file offset of its vna_flags.
/// </summary>
public sealed record VersionRequirement(string Library, string Version, ushort Flags, long FlagsOffset)
{
    public bool IsWeak => (Flags & ElfConstants.VerFlagWeak) != 0;
}
