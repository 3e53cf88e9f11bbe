using System.Buffers.Binary;
using System.Text;

namespace Splitwise.NativeFixup.Tests;

public class MalformedElfTests
{
    [Fact]
    public void TextFileIsNotElf()
    {
        var error = Assert.Throws<ElfFormatException>(() =>
            ElfImage.Parse("notes.txt", Encoding.ASCII.GetBytes("just some text, not a library")));

        Assert.Equal("notes.txt", error.FilePath);
        Assert.Contains("not an ELF file", error.Message);
    }

    [Fact]
    public void EmptyFileIsNotElf() =>
        Assert.Contains("not an ELF file", Assert.Throws<ElfFormatException>(() => ElfImage.Parse("empty", [])).Message);

    [Fact]
    public void FileCutInsideTheHeaderIsTruncated() =>
        Assert.Contains("truncated", Parse(PristineLibTorchSharp.Bytes()[..40]).Message);

    [Fact]
    public void FileCutBeforeTheSectionHeadersIsTruncated() =>
        Assert.Contains("truncated", Parse(PristineLibTorchSharp.Bytes()[..100_000]).Message);

    [Fact]
    public void FileOnDiskThatIsTruncatedNamesItsPath()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("cut.so");
        File.WriteAllBytes(path, PristineLibTorchSharp.Bytes()[..4096]);

        var error = Assert.Throws<ElfFormatException>(() => WeakVersionPatcher.MarkWeakInFile(path, PristineLibTorchSharp.Version));

        Assert.StartsWith(path + ": truncated", error.Message);
    }

    [Fact]
    public void Elf32IsRejected()
    {
        var bytes = PristineLibTorchSharp.Bytes();
        bytes[4] = 1;

        Assert.Contains("only ELF64", Parse(bytes).Message);
    }

    [Fact]
    public void BigEndianIsRejected()
    {
        var bytes = PristineLibTorchSharp.Bytes();
        bytes[5] = 2;

        Assert.Contains("only little-endian", Parse(bytes).Message);
    }

    [Fact]
    public void VerneedLinkedToAMissingStringTableIsCorrupt()
    {
        var bytes = PristineLibTorchSharp.Bytes();
        var verneed = VerneedSection(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(SectionHeaderOffset(bytes, verneed) + 0x28), 999);

        Assert.Contains("does not exist", ReadRequirements(bytes).Message);
    }

    [Fact]
    public void VernauxPointingOutsideItsSectionIsCorrupt()
    {
        var bytes = PristineLibTorchSharp.Bytes();
        var firstVerneed = (int)VerneedSection(bytes).Offset;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(firstVerneed + 8), 0x7fff_0000); // vn_aux

        Assert.Contains("runs outside section", ReadRequirements(bytes).Message);
    }

    static ElfFormatException Parse(byte[] bytes) =>
        Assert.Throws<ElfFormatException>(() => ElfImage.Parse("libLibTorchSharp.so", bytes));

    static ElfFormatException ReadRequirements(byte[] bytes) =>
        Assert.Throws<ElfFormatException>(() => VersionNeedReader.Read(ElfImage.Parse("libLibTorchSharp.so", bytes)));

    static ElfSection VerneedSection(byte[] bytes) =>
        ElfImage.Parse("pristine", bytes).FindSection(ElfConstants.ShtGnuVerneed)!.Value;

    static int SectionHeaderOffset(byte[] bytes, ElfSection section) =>
        (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28)) + section.Index * ElfConstants.SectionHeaderSize;
}
