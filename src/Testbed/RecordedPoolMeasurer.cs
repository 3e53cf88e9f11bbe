using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// The offline phase's testbed when only recordings exist: "measuring" a configuration draws one of its
/// recorded runs (seeded), which supplies the objectives and is the profile's only sample. A repeated
/// measurement draws again (with replacement, as a rerun on the testbed would give any of its outcomes).
/// The other recorded runs are never revealed to the offline phase: they are what the online phase's
/// outcomes are drawn from, and a scheduler that saw them would be judged on its own training data.
/// With <see cref="RerunNoise"/> (EMULATED) each measurement is an independent trial instead (see <see cref="PoolEmulation"/>).
/// </summary>
public sealed class RecordedPoolMeasurer(MeasurementPool pool, RerunNoise? rerunNoise = null) : IConfigurationMeasurer
{
    public bool CanMeasure(Configuration configuration) => pool.Contains(configuration);

    public ConfigurationProfile Measure(Configuration configuration, Random random) =>
        pool.Profile(configuration, rerunNoise?.Draw(pool, configuration, random) ?? pool.Draw(configuration, random));
}
