using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// The offline phase's testbed when only recordings exist: "measuring" a configuration draws one of its
/// recorded runs (seeded), which supplies the objectives. The profile also carries all of that
/// configuration's recorded runs, i.e. what the testbed logged for it; only the drawn run feeds NSGA-III
/// and DynaSplit's front, the other runs are used by distribution-aware schedulers.
/// </summary>
public sealed class RecordedPoolMeasurer(MeasurementPool pool) : IConfigurationMeasurer
{
    public bool CanMeasure(Configuration configuration) => pool.Contains(configuration);

    public ConfigurationProfile Measure(Configuration configuration, Random random) =>
        pool.Profile(configuration, pool.Draw(configuration, random));
}
