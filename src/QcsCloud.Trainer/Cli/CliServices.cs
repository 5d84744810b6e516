using QcsCloud.Trainer.Storage;
using Spectre.Console;

namespace QcsCloud.Trainer.Cli;

/// <summary>
/// What every command gets injected instead of static state: the console (tests capture it), the error writer,
/// storage, and the cancellation that SIGTERM/SIGINT trigger (the command checkpoints, then exits 130).
/// </summary>
/// <param name="Interactive">Draw progress bars (a terminal); false gives plain structured lines (container logs, tests).</param>
public sealed record CliServices(
    IAnsiConsole Console,
    TextWriter Error,
    StorageFolders Storage,
    bool Interactive,
    CancellationToken Stopping)
{
    /// <summary>The workflow's job name and completion folder from the environment (<see cref="JobContext.FromEnvironment"/>); none for a hand run.</summary>
    public JobContext Job { get; init; } = new(null, null);

    /// <summary>A console that writes plain text to <paramref name="output"/>, for tests and redirected output.</summary>
    public static IAnsiConsole PlainConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 4096; // never wrap JSON or log lines
        return console;
    }
}
