namespace Splitwise.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: splitwise <command> [options]");
        return args.Length == 0 ? 2 : 0;
    }
}
