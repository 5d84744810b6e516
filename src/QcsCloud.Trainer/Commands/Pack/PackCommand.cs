using System.CommandLine;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training;

namespace QcsCloud.Trainer.Commands.Pack;

/// <summary>
/// <c>qcs pack</c>: the staging job. Reads an official layout, writes <c>manifest.json</c> and shards (thin shell over
/// <see cref="DatasetPacker"/>), uploads them, then <c>completion.json</c> last. One writer at a time (the output's writer
/// lease; a second pack waits <c>--wait</c> seconds for it); a folder with a success record exits 0 at once, and a failing
/// pack never replaces that record.
/// </summary>
public static class PackCommand
{
    public static Command Create(CliServices services)
    {
        var settings = new PackSettings();
        var command = new Command("pack", "Pack a dataset into shards + manifest.json (the staging job); a folder that holds a successful pack is left as it is");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(settings, parse, services, cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(PackSettings settings, ParseResult parse, CliServices services, CancellationToken cancellationToken) =>
        RecordedJob.RunAsync(services, "pack", async job =>
        {
            var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
            var kind = DatasetNames.Parse(parse.GetValue(settings.Dataset));
            var seconds = parse.GetValue(settings.Wait);
            if (seconds < 0) throw new TrainingInputException($"--wait ({seconds}) must be 0 or more seconds");
            var target = await job.OpenAsync(parse.GetValue(settings.Output)!, inputs.WorkRoot, [], TimeSpan.FromSeconds(seconds), cancellationToken);
            // Shared staging: the folder is named by the content hash, so a success record means this content is packed.
            // Its record is never deleted (another run may be reading it) nor replaced by a failure.
            if (await target.ReadCompletionAsync(cancellationToken) is { Succeeded: true } done)
            {
                services.Job.MarkRecorded();
                services.Console.WriteLine($"already packed by job '{done.JobName}' at {done.FinishedUtc:yyyy-MM-ddTHH:mm:ssZ} " +
                    $"(content hash {done.Outputs?.GetValueOrDefault("contentHash") ?? "?"}); nothing to do. Delete {BlobLayout.CompletionFile} to pack again; {target.Location}");
                return JobExitCode.Success;
            }
            var root = await inputs.FolderAsync(parse.GetValue(settings.Data)!, "--data", cancellationToken);
            var lenient = parse.GetValue(settings.SkipBad);
            var packOptions = new PackOptions(MinSide: parse.GetValue(settings.MinSide), SkipBad: lenient, Threads: parse.GetValue(settings.Threads)).Validate();
            // Only existence up front: packing decodes every image once and names the bad ones itself.
            var loaded = DatasetReader.Read(kind, root, new DatasetReadOptions(SkipBad: lenient, CheckImages: ImageCheck.Exists));
            var manifest = DatasetPacker.Pack(loaded, target.LocalPath, packOptions, cancellationToken);
            await target.PublishAllAsync(cancellationToken);
            await job.SucceededAsync(new Dictionary<string, string>
            {
                ["manifest"] = BlobLayout.ManifestFile, ["contentHash"] = manifest.ContentHash, ["samples"] = manifest.SampleCount.ToString(),
            });
            services.Console.WriteLine(
                $"packed {manifest.SampleCount} samples of {DatasetCatalog.Name(kind)} into {manifest.Shards.Count} shard(s), content hash {manifest.ContentHash}, " +
                $"{manifest.Skipped.Count} skipped; {target.Location}");
            foreach (var bad in manifest.Skipped.Take(20)) services.Console.WriteLine($"skipped: {bad}");
            return JobExitCode.Success;
        });
}
