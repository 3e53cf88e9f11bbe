namespace Splitwise.Testbed.Learning;

/// <summary>A policy file (or a training checkpoint) that cannot be used: the message names the file and why.</summary>
public class PolicyFileException(string path, string reason) : Exception($"policy file '{path}': {reason}")
{
    public string Path { get; } = path;
}

/// <summary>No policy file where one was looked for: the message names the path and the command that trains it.</summary>
public sealed class MissingPolicyException(string path, string trainCommand)
    : PolicyFileException(path, $"not found; train it with `{trainCommand}` (see policies/README.md)")
{
    public string TrainCommand { get; } = trainCommand;
}
