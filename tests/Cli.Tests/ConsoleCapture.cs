namespace Splitwise.Cli.Tests;

/// <summary>Runs the real entry point with standard output and error captured (the tests of this project run one at a time).</summary>
public static class ConsoleCapture
{
    public static (int Code, string Output, string Error) Run(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = Program.Main(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}
