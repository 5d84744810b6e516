using System.CommandLine;
using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training.Explain;
using Spectre.Console;

namespace QcsCloud.Trainer.Commands.Explain;

/// <summary>
/// <c>qcs explain</c>: for a few images, the CSA attention map of each level of a DCS/QCS checkpoint drawn over the
/// face (paper figures 8-9), as <c>attention-NN.png</c> plus <c>explain.json</c>; the run report embeds them.
/// </summary>
public static class ExplainCommand
{
    public static Command Create(CliServices services)
    {
        var settings = new ExplainSettings();
        var command = new Command("explain", "Draw the CSA attention maps of a dcs/qcs checkpoint over a few faces (PNG + explain.json)");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(settings, parse, services, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ExplainSettings settings, ParseResult parse, CliServices services, CancellationToken cancellationToken)
    {
        var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
        var checkpoint = await inputs.FileAsync(parse.GetValue(settings.Checkpoint)!, "--checkpoint", cancellationToken);
        var data = await inputs.FolderAsync(parse.GetValue(settings.Data)!, "--data", cancellationToken);
        var output = services.Storage.Open(parse.GetValue(settings.Output)!);
        await using var lease = await WriterLease.AcquireAsync(output, WriterHolder.Current(services.Job.NameOr("explain")), TimeSpan.Zero, services.Error, cancellationToken);
        var localOutput = output.LocalPath ?? Path.Combine(inputs.WorkRoot, "explain", Guid.NewGuid().ToString("N"));
        var options = settings.Resolve(parse, checkpoint, data, localOutput);

        var index = await TorchThread.RunAsync(() => ExplainRunner.Run(options));

        if (output.LocalPath is null)
        {
            foreach (var figure in index.Figures)
                await output.UploadAsync(Path.Combine(localOutput, figure.File), figure.File, cancellationToken);
            await output.UploadAsync(Path.Combine(localOutput, ExplainIndex.FileName), ExplainIndex.FileName, cancellationToken);   // last
        }
        foreach (var f in index.Figures)
            services.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.File}: {f.Caption}"));
        services.Console.WriteLine($"done: {index.Figures.Count} attention figures and {ExplainIndex.FileName} in {output.Location}");
        return JobExitCode.Success;
    }
}
