using System.Buffers.Binary;
using System.Text;

namespace Splitwise.NativeFixup;

/// <summary>
/// A little-endian ELF64 file held in memory. Every read is bounds-checked, so a truncated or
/// corrupt file surfaces as an <see cref="ElfFormatException"/> naming the file, never as an
/// index error deep inside a build.
/// </summary>
public sealed class ElfImage
{
    ElfImage(string path, byte[] bytes)
    {
        Path = path;
        Bytes = bytes;
        Sections = ReadSectionHeaders();
    }

    public string Path { get; }

    /// <summary>The file's bytes; patches are applied here and written back by the caller.</summary>
    public byte[] Bytes { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    public static ElfImage Load(string path) => Parse(path, File.ReadAllBytes(path));

    public static ElfImage Parse(string path, byte[] bytes)
    {
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        if (bytes.Length < magic.Length || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
            throw new ElfFormatException(path, "not an ELF file (no \\x7FELF magic)");
        if (bytes.Length < ElfConstants.HeaderSize)
            throw new ElfFormatException(path,
                $"truncated: the ELF header needs {ElfConstants.HeaderSize} bytes, the file has {bytes.Length}");
        if (bytes[4] != ElfConstants.ElfClass64)
            throw new ElfFormatException(path, $"unsupported ELF class {bytes[4]} (only ELF64 is supported)");
        if (bytes[5] != ElfConstants.ElfDataLittleEndian)
            throw new ElfFormatException(path, $"unsupported data encoding {bytes[5]} (only little-endian is supported)");
        return new ElfImage(path, bytes);
    }

    public ushort ReadUInt16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(offset, 2));

    public uint ReadUInt32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(offset, 4));

    public ulong ReadUInt64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(offset, 8));

    public void WriteUInt16(long offset, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan((int)CheckRange(offset, 2), 2), value);

    public ElfSection? FindSection(uint type) =>
        Sections.Where(s => s.Type == type).Select(s => (ElfSection?)s).FirstOrDefault();

    /// <summary>The section a header's sh_link points at, checked to exist and to lie inside the file.</summary>
    public ElfSection LinkedSection(ElfSection section)
    {
        if (section.Link == 0 || section.Link >= Sections.Count)
            throw Corrupt($"section {section.Index} links to section {section.Link}, which does not exist");
        return RequireContentsInFile(Sections[(int)section.Link]);
    }

    public ElfSection RequireContentsInFile(ElfSection section)
    {
        if (section.Type == ElfConstants.ShtNobits || section.Offset > (ulong)Bytes.Length
            || section.Size > (ulong)Bytes.Length - section.Offset)
            throw Corrupt($"section {section.Index} (offset 0x{section.Offset:x}, size 0x{section.Size:x}) " +
                          $"does not lie inside the file ({Bytes.Length} bytes)");
        return section;
    }

    /// <summary>Checks that <paramref name="length"/> bytes at <paramref name="offset"/> lie inside <paramref name="section"/>.</summary>
    public void RequireInside(ElfSection section, long offset, int length, string what)
    {
        if (offset < (long)section.Offset || offset + length > (long)(section.Offset + section.Size))
            throw Corrupt($"{what} at offset 0x{offset:x} runs outside section {section.Index}");
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in string table <paramref name="table"/>.</summary>
    public string ReadString(ElfSection table, uint offset)
    {
        if (offset >= table.Size)
            throw Corrupt($"string offset 0x{offset:x} is past the end of string table section {table.Index}");
        var contents = Bytes.AsSpan((int)table.Offset, (int)table.Size)[(int)offset..];
        var length = contents.IndexOf((byte)0);
        if (length < 0)
            throw Corrupt($"string at offset 0x{offset:x} in section {table.Index} is not NUL-terminated");
        return Encoding.UTF8.GetString(contents[..length]);
    }

    public ElfFormatException Corrupt(string problem) => new(Path, problem);

    IReadOnlyList<ElfSection> ReadSectionHeaders()
    {
        var tableOffset = ReadUInt64(0x28);
        var entrySize = ReadUInt16(0x3A);
        ulong count = ReadUInt16(0x3C);
        if (tableOffset == 0)
            return [];
        if (entrySize != ElfConstants.SectionHeaderSize)
            throw Corrupt($"section header size is {entrySize}, ELF64 requires {ElfConstants.SectionHeaderSize}");
        if (tableOffset > (ulong)Bytes.Length)
            throw Corrupt($"truncated: section headers start at 0x{tableOffset:x}, past the end of the file ({Bytes.Length} bytes)");
        // Extended numbering: with 0xff00 or more sections e_shnum is 0 and section 0's sh_size holds the count.
        if (count == 0)
            count = ReadUInt64((long)tableOffset + 0x20);
        if (count > ((ulong)Bytes.Length - tableOffset) / ElfConstants.SectionHeaderSize)
            throw Corrupt($"truncated: {count} section headers at 0x{tableOffset:x} do not fit in the file ({Bytes.Length} bytes)");

        var sections = new ElfSection[count];
        for (var i = 0; i < sections.Length; i++)
        {
            var header = (long)tableOffset + (long)i * ElfConstants.SectionHeaderSize;
            sections[i] = new ElfSection(
                Index: i,
                Type: ReadUInt32(header + 0x04),
                Offset: ReadUInt64(header + 0x18),
                Size: ReadUInt64(header + 0x20),
                Link: ReadUInt32(header + 0x28),
                Info: ReadUInt32(header + 0x2C));
        }
        return sections;
    }

    ReadOnlySpan<byte> Slice(long offset, int length) => Bytes.AsSpan((int)CheckRange(offset, length), length);

    long CheckRange(long offset, int length)
    {
        if (offset < 0 || offset > Bytes.Length - length)
            throw Corrupt($"truncated: reading {length} bytes at offset 0x{offset:x} goes past the end of the file ({Bytes.Length} bytes)");
        return offset;
    }
}
