namespace Splitwise.Cli;

public static class Program
{
    public static int Main(string[] args) => CliApp.Invoke(args);
}
