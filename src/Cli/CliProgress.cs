using Spectre.Console;

namespace Splitwise.Cli;

/// <summary>
/// A Spectre.Console progress bar for long jobs, drawn on standard error so standard output (and its last JSON line)
/// stays clean. No bar with --json or when standard error is not an interactive terminal (CI, pipes, tests).
/// </summary>
public static class CliProgress
{
    public static T Run<T>(string description, double total, bool quiet, Func<Action<double>, T> work)
    {
        if (Console(quiet) is not { } console)
            return work(_ => { });
        return console.Progress().AutoClear(false).Columns(Columns()).Start(context =>
        {
            var task = context.AddTask(description, maxValue: total);
            var result = work(value => task.Value = Math.Min(value, total));
            task.Value = total;
            return result;
        });
    }

    /// <summary>As <see cref="Run{T}"/>, and the work may also replace the bar's description (e.g. with a running figure).</summary>
    public static T RunWithStatus<T>(string description, double total, bool quiet, Func<Action<double, string>, T> work)
    {
        if (Console(quiet) is not { } console)
            return work((_, _) => { });
        return console.Progress().AutoClear(false).Columns(Columns()).Start(context =>
        {
            var task = context.AddTask(Markup.Escape(description), maxValue: total);
            var result = work((value, status) => (task.Value, task.Description) = (Math.Min(value, total), Markup.Escape(status)));
            task.Value = total;
            return result;
        });
    }

    public static async Task<T> RunAsync<T>(string description, double total, bool quiet, Func<Action<double>, Task<T>> work)
    {
        if (Console(quiet) is not { } console)
            return await work(_ => { });
        return await console.Progress().AutoClear(false).Columns(Columns()).StartAsync(async context =>
        {
            var task = context.AddTask(description, maxValue: total);
            var result = await work(value => task.Value = Math.Min(value, total));
            task.Value = total;
            return result;
        });
    }

    private static IAnsiConsole? Console(bool quiet)
    {
        if (quiet || System.Console.IsErrorRedirected)
            return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        return console.Profile.Capabilities.Interactive ? console : null;
    }

    private static ProgressColumn[] Columns() =>
        [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()];
}
