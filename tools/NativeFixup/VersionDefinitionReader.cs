namespace Splitwise.NativeFixup;

/// <summary>
/// Walks SHT_GNU_verdef (<c>.gnu.version_d</c>) and returns the version names a library defines,
/// e.g. GLIBCXX_3.4.30 for libstdc++. Each Verdef's first Verdaux carries its name.
/// </summary>
public static class VersionDefinitionReader
{
    public static IReadOnlySet<string> Read(ElfImage image)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (image.FindSection(ElfConstants.ShtGnuVerdef) is not { } table)
            return names;
        image.RequireContentsInFile(table);
        var strings = image.LinkedSection(table);

        var entryLimit = table.Info != 0 ? table.Info : uint.MaxValue;
        var entry = (long)table.Offset;
        for (uint i = 0; i < entryLimit; i++)
        {
            image.RequireInside(table, entry, ElfConstants.VerdefSize, "Verdef entry");
            var auxCount = image.ReadUInt16(entry + 6);
            var aux = entry + image.ReadUInt32(entry + 12);
            var next = image.ReadUInt32(entry + 16);
            if (auxCount > 0)
            {
                image.RequireInside(table, aux, ElfConstants.VerdauxSize, "Verdaux entry");
                names.Add(image.ReadString(strings, image.ReadUInt32(aux)));
            }
            if (next == 0)
                break;
            entry += next;
        }
        return names;
    }
}
