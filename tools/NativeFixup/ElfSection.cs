namespace Splitwise.NativeFixup;

/// <summary>The fields of one ELF64 section header that the version readers need.</summary>
public readonly record struct ElfSection(int Index, uint Type, ulong Offset, ulong Size, uint Link, uint Info);
