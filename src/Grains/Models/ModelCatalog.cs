using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Splitwise.Contracts.Errors;
using Splitwise.Grains.Hosting;
using Splitwise.Inference.Models;

namespace Splitwise.Grains.Models;

/// <summary>The models this silo can serve, opened on first use and shared by its grains.</summary>
public sealed class ModelCatalog(IOptions<FabricOptions> options) : IDisposable
{
    private readonly FabricOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<FabricModel>> _open = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _options.Models.Keys;

    /// <exception cref="UnknownModelException">no model of that name is configured.</exception>
    public FabricModel Get(string name)
    {
        if (!_options.Models.TryGetValue(name, out var path))
            throw new UnknownModelException(name, _options.Models.Keys);
        return _open.GetOrAdd(name, n => new Lazy<FabricModel>(() => new FabricModel(n, ModelLoader.Open(path), _options.HeadGroups, _options.FfnSlices))).Value;
    }

    public void Dispose()
    {
        foreach (var model in _open.Values.Where(l => l.IsValueCreated))
            model.Value.Dispose();
    }
}
