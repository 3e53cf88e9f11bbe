namespace Splitwise.NativeFixup;

/// <summary>
/// Walks SHT_GNU_verneed (<c>.gnu.version_r</c>): a chain of Verneed entries (one per needed
/// library), each owning a chain of Vernaux entries (one per needed version).
/// </summary>
public static class VersionNeedReader
{
    public static IReadOnlyList<VersionRequirement> Read(ElfImage image)
    {
        if (image.FindSection(ElfConstants.ShtGnuVerneed) is not { } table)
            return [];
        image.RequireContentsInFile(table);
        var strings = image.LinkedSection(table);

        // sh_info holds the number of Verneed entries; some producers leave it 0, and then the
        // vn_next chain alone bounds the walk (offsets only move forward, so it terminates).
        var entryLimit = table.Info != 0 ? table.Info : uint.MaxValue;
        var requirements = new List<VersionRequirement>();
        var entry = (long)table.Offset;
        for (uint i = 0; i < entryLimit; i++)
        {
            image.RequireInside(table, entry, ElfConstants.VerneedSize, "Verneed entry");
            var auxCount = image.ReadUInt16(entry + 2);
            var library = image.ReadString(strings, image.ReadUInt32(entry + 4));
            var aux = entry + image.ReadUInt32(entry + 8);
            var next = image.ReadUInt32(entry + 12);

            for (var j = 0; j < auxCount; j++)
            {
                image.RequireInside(table, aux, ElfConstants.VernauxSize, "Vernaux entry");
                var flagsOffset = aux + 4;
                var version = image.ReadString(strings, image.ReadUInt32(aux + 8));
                requirements.Add(new VersionRequirement(library, version, image.ReadUInt16(flagsOffset), flagsOffset));
                var auxNext = image.ReadUInt32(aux + 12);
                if (auxNext == 0)
                    break;
                aux += auxNext;
            }

            if (next == 0)
                break;
            entry += next;
        }
        return requirements;
    }
}
