namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// Runs one configuration on a testbed (real, emulated, or a recorded pool) and reports what it cost.
/// The offline search calls it at most once per configuration and counts every call against its budget.
/// </summary>
public interface IConfigurationMeasurer
{
    /// <summary>False for configurations this source cannot run (e.g. absent from a recorded pool).</summary>
    bool CanMeasure(Configuration configuration);

    ConfigurationProfile Measure(Configuration configuration, Random random);
}
