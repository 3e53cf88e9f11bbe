namespace Splitwise.Cli.Commands;

/// <summary>`splitwise dynasplit simulate`: every strategy on the paper's 10,000 simulated requests, outcomes drawn from the recorded pool.</summary>
public sealed class DynasplitSimulateCommand : ICliCommand
{
    public string Name => "dynasplit simulate";

    public string Summary => "every strategy on the paper's 10,000 simulated requests, outcomes drawn from the pool";

    public void Declare(CliSpec spec)
    {
        DynasplitSearch.Declare(spec);
        DynasplitSetup.Declare(spec);
    }

    public int Run(CliArgs args) => DynasplitInputs.Guarded(() => DynasplitReplay.Run(args, simulate: true));
}
