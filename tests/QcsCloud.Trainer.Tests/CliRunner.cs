using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>Runs the real <c>qcs</c> command line in-process with captured output and Azurite storage.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static async Task<Result> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<Result> RunAsync(CancellationToken stopping, params string[] args) => await RunAsync(new JobContext(null, null), stopping, null, args);

    /// <summary>Runs with <paramref name="writes"/> recording every blob the command writes, in order.</summary>
    public static async Task<Result> RunAsync(BlobWriteLog writes, params string[] args) => await RunAsync(new JobContext(null, null), CancellationToken.None, writes, args);

    /// <summary>As a workflow job: what the launchers pass as <c>QCS_JOB_NAME</c> and <c>QCS_OUTPUT_URI</c>.</summary>
    public static async Task<Result> RunAsJobAsync(string jobName, string outputUri, params string[] args) =>
        await RunAsync(new JobContext(jobName, outputUri), CancellationToken.None, null, args);

    private static async Task<Result> RunAsync(JobContext job, CancellationToken stopping, BlobWriteLog? writes, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var storage = new StorageFolders(TestSetup.Storage, clientOptions: writes?.ClientOptions());
        var services = new CliServices(CliServices.PlainConsole(output), error, storage, Interactive: false, stopping) { Job = job };
        var code = await QcsCli.InvokeAsync(Program.CreateRoot(services), args, services);
        return new Result(code, output.ToString(), error.ToString());
    }
}
