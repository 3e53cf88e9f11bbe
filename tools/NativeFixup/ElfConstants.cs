namespace Splitwise.NativeFixup;

/// <summary>The few ELF64 values this tool relies on (System V gABI and the GNU symbol-versioning extension).</summary>
public static class ElfConstants
{
    public const int HeaderSize = 64;
    public const int SectionHeaderSize = 64;
    public const int VerneedSize = 16;
    public const int VernauxSize = 16;
    public const int VerdefSize = 20;
    public const int VerdauxSize = 8;

    public const byte ElfClass64 = 2;
    public const byte ElfDataLittleEndian = 1;

    public const uint ShtNobits = 8;
    public const uint ShtGnuVerdef = 0x6ffffffd;
    public const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>vna_flags bit that makes a missing version a loader warning instead of an error.</summary>
    public const ushort VerFlagWeak = 0x2;
}
