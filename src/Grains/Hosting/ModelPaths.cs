using Microsoft.Extensions.Configuration;
using Splitwise.Contracts.Errors;

namespace Splitwise.Grains.Hosting;

/// <summary>
/// The model files of Fabric:Models / Fabric:OnnxModels as full paths: a relative path is resolved against the
/// directory the user ran the command from (the hosts keep it as their working directory, see
/// RunWorkingDirectory in their project files), and a path with nothing there fails at start, naming it.
/// </summary>
public static class ModelPaths
{
    public static Dictionary<string, string> Resolve(IConfigurationSection models, string baseDirectory)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in models.GetChildren())
        {
            if (string.IsNullOrWhiteSpace(model.Value))
                throw new FabricConfigurationException(model.Path, model.Value, "the path of a model file or directory");
            var path = Path.GetFullPath(model.Value, baseDirectory);
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new FabricConfigurationException(model.Path, model.Value, $"an existing model file or directory; nothing is at {path} (relative paths are taken from {baseDirectory})");
            resolved[model.Key] = path;
        }

        return resolved;
    }
}
