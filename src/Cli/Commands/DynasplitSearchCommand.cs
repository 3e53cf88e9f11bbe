namespace Splitwise.Cli.Commands;

/// <summary>`splitwise dynasplit search`: the offline phase of DynaSplit (May et al., arXiv:2410.23881) on the recorded testbed pool.</summary>
public sealed class DynasplitSearchCommand : ICliCommand
{
    public string Name => "dynasplit search";

    public string Summary => "the offline phase (NSGA-III) on the recorded pool; writes the Pareto front file";

    public void Declare(CliSpec spec)
    {
        DynasplitSearch.Declare(spec);
        spec.Text("out", "front file to write (default front.json)").Json();
    }

    public int Run(CliArgs args) => DynasplitInputs.Guarded(() => DynasplitSearch.Run(args));
}
