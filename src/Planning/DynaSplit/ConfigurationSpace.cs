namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// The DynaSplit search space: the cartesian product of the knob values, minus the combinations the
/// paper rules out. Values are derived from what a testbed can run (e.g. a pool file), never hard-coded
/// per model. Genes are indices into the value lists, in the order layer, frequency, edge mode, cloud GPU.
/// </summary>
public sealed class ConfigurationSpace
{
    public ConfigurationSpace(IEnumerable<int> splitLayers, IEnumerable<int> cpuFrequenciesMHz,
        IEnumerable<string> edgeAcceleratorModes, IEnumerable<bool> cloudAccelerators, bool edgeAcceleratorAllowed = true)
    {
        SplitLayers = splitLayers.Distinct().Order().ToArray();
        CpuFrequenciesMHz = cpuFrequenciesMHz.Distinct().Order().ToArray();
        // `off` first so that gene 0 is always the no-accelerator mode.
        EdgeAcceleratorModes = edgeAcceleratorModes.Append(Configuration.AcceleratorOff).Distinct(StringComparer.Ordinal)
            .OrderBy(m => m == Configuration.AcceleratorOff ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal).ToArray();
        CloudAccelerators = cloudAccelerators.Distinct().Order().ToArray();
        EdgeAcceleratorAllowed = edgeAcceleratorAllowed;
        if (SplitLayers.Length == 0 || CpuFrequenciesMHz.Length == 0 || CloudAccelerators.Length == 0)
            throw new ArgumentException("a configuration space needs at least one split layer, CPU frequency and cloud accelerator setting");
    }

    public int[] SplitLayers { get; }
    public int[] CpuFrequenciesMHz { get; }
    public string[] EdgeAcceleratorModes { get; }
    public bool[] CloudAccelerators { get; }

    /// <summary>False for models whose edge part cannot run on the accelerator (the paper's ViT on the Coral TPU).</summary>
    public bool EdgeAcceleratorAllowed { get; }

    /// <summary>Split 0: no layer on the edge.</summary>
    public int CloudOnlyLayer => SplitLayers[0];

    /// <summary>The last split point: every layer on the edge.</summary>
    public int EdgeOnlyLayer => SplitLayers[^1];

    public int[] Cardinalities => [SplitLayers.Length, CpuFrequenciesMHz.Length, EdgeAcceleratorModes.Length, CloudAccelerators.Length];

    /// <summary>
    /// The paper's rules: an edge accelerator is pointless when nothing runs on the edge, a cloud
    /// accelerator when nothing runs in the cloud; some models cannot use the edge accelerator at all.
    /// </summary>
    public bool IsValid(Configuration c)
    {
        if (!SplitLayers.Contains(c.SplitLayer) || !CpuFrequenciesMHz.Contains(c.CpuFrequencyMHz)
            || !EdgeAcceleratorModes.Contains(c.EdgeAccelerator) || !CloudAccelerators.Contains(c.CloudAccelerator))
            return false;
        var accelerated = c.EdgeAccelerator != Configuration.AcceleratorOff;
        if (accelerated && (c.SplitLayer == CloudOnlyLayer || !EdgeAcceleratorAllowed))
            return false;
        return !(c.CloudAccelerator && c.SplitLayer == EdgeOnlyLayer);
    }

    public Placement PlacementOf(Configuration c) =>
        c.SplitLayer == CloudOnlyLayer ? Placement.Cloud : c.SplitLayer == EdgeOnlyLayer ? Placement.Edge : Placement.Split;

    public Configuration Decode(int[] genes) =>
        new(SplitLayers[genes[0]], CpuFrequenciesMHz[genes[1]], EdgeAcceleratorModes[genes[2]], CloudAccelerators[genes[3]]);

    public IEnumerable<Configuration> EnumerateValid() =>
        from l in SplitLayers
        from f in CpuFrequenciesMHz
        from e in EdgeAcceleratorModes
        from g in CloudAccelerators
        let c = new Configuration(l, f, e, g)
        where IsValid(c)
        select c;

    /// <summary>The space spanned by the knob values that occur in <paramref name="observed"/>.</summary>
    public static ConfigurationSpace FromObserved(IReadOnlyCollection<Configuration> observed, bool edgeAcceleratorAllowed = true) =>
        new(observed.Select(c => c.SplitLayer), observed.Select(c => c.CpuFrequencyMHz),
            observed.Select(c => c.EdgeAccelerator), observed.Select(c => c.CloudAccelerator), edgeAcceleratorAllowed);
}
