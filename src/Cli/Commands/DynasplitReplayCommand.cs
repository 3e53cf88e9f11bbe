namespace Splitwise.Cli.Commands;

/// <summary>`splitwise dynasplit replay`: every strategy on the paper's 50 testbed thresholds, outcomes drawn from the recorded pool.</summary>
public sealed class DynasplitReplayCommand : ICliCommand
{
    public string Name => "dynasplit replay";

    public string Summary => "every strategy on the paper's 50 testbed requests, outcomes drawn from the pool";

    public void Declare(CliSpec spec)
    {
        DynasplitSearch.Declare(spec);
        DynasplitSetup.Declare(spec);
        spec.Text("testbed-results", "the paper's real testbed results (default: the data folder's, when present)");
    }

    public int Run(CliArgs args) => DynasplitInputs.Guarded(() => DynasplitReplay.Run(args, simulate: false));
}
