using System.CommandLine;
using System.Runtime.InteropServices;
using QcsCloud.Core;
using QcsCloud.Trainer.Storage;
using Spectre.Console;

namespace QcsCloud.Trainer.Cli;

/// <summary>
/// Runs a <c>qcs</c> command line: parse errors exit 2 with the parser's message, exceptions map to
/// <see cref="JobExitCode"/> with an actionable last line on stderr, SIGTERM/SIGINT cancel <see cref="CliServices.Stopping"/>.
/// An exit that left no completion record gets one at <c>QCS_OUTPUT_URI</c> when the launcher set it (<see cref="JobRecord.ExitAsync"/>).
/// </summary>
public static class QcsCli
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, CliServices services)
    {
        QcsCloud.Model.OneDnnIsa.CapAtAvx2();                                            // before any convolution
        var started = DateTimeOffset.UtcNow;
        var parse = root.Parse(args);
        var command = parse.CommandResult.Command == root ? "qcs" : parse.CommandResult.Command.Name;
        // The launcher's QCS_OUTPUT_URI is this job's output as much as --output, and is known before the arguments
        // parse: its account may be opened for the exit record (a configured QCS_ALLOWED_BLOB_HOSTS is not widened).
        if (services.Job.OutputUri is { } jobOutput) services.Storage.AllowOutput(jobOutput);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parse.Errors) await services.Error.WriteLineAsync($"error: {error.Message}");
            var help = parse.CommandResult.Command == root ? "qcs --help" : $"qcs {parse.CommandResult.Command.Name} --help";
            await services.Error.WriteLineAsync($"Run '{help}' for the options.");
            await JobRecord.ExitAsync(services, command, JobExitCode.BadInput, string.Join("; ", parse.Errors.Select(e => e.Message)), started);
            return JobExitCode.BadInput;
        }
        // Without QCS_ALLOWED_BLOB_HOSTS a command may open blobs of the account it writes to, and no other.
        if (parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--output") is { } output
            && parse.GetResult(output)?.Tokens is [{ } location, ..])
            services.Storage.AllowOutput(location.Value);
        var configuration = new InvocationConfiguration
        {
            Output = new ConsoleWriter(services.Console),
            Error = services.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // we handle SIGTERM ourselves: checkpoint first, then exit 130
        };
        try
        {
            return await parse.InvokeAsync(configuration, services.Stopping);
        }
        catch (Exception e)
        {
            var code = CliExitCodes.For(e);
            var message = e is OperationCanceledException ? "stopped by a signal" : e.Message;
            await services.Error.WriteLineAsync($"error ({CliExitCodes.Describe(code)}, exit {code}): {message}");
            if (code == JobExitCode.TrainingFailed) await services.Error.WriteLineAsync(e.ToString());
            await JobRecord.ExitAsync(services, command, code, message, started);
            return code;
        }
    }

    /// <summary>Services for the real process: the terminal console, stderr, storage from the environment, signals.</summary>
    public static CliServices ForProcess(CancellationTokenSource stopping, List<IDisposable> keepAlive)
    {
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // keep running until the command has written its checkpoint
            stopping.Cancel();
        }
        keepAlive.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop));
        keepAlive.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
        var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("QCS_PLAIN_OUTPUT") is null;
        var console = interactive ? AnsiConsole.Console : CliServices.PlainConsole(Console.Out);
        return new CliServices(console, Console.Error, StorageFolders.FromEnvironment(), interactive, stopping.Token) { Job = JobContext.FromEnvironment() };
    }

    /// <summary>Lets System.CommandLine's help text go through the injected console.</summary>
    private sealed class ConsoleWriter(IAnsiConsole console) : StringWriter
    {
        public override void Write(char value) => console.Write(new Text(value.ToString()));
        public override void Write(string? value) { if (value is not null) console.Write(new Text(value)); }
        public override void WriteLine(string? value) => console.WriteLine(value ?? "");
        public override void WriteLine() => console.WriteLine();
    }
}
