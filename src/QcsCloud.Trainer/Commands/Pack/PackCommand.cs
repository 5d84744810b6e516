using System.CommandLine;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;
using QcsCloud.Trainer.Cli;
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
        var dataset = new Option<string>("--dataset", "-d") { Description = "rafdb, ferplus, affectnet7, affectnet8 or generic", HelpName = "kind", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "Dataset in its official layout: path or blob folder URI", HelpName = "dir|uri", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder for manifest.json, shards and completion.json: path or blob folder URI", HelpName = "dir|uri", Required = true };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Skip bad entries and bad images (listed in the manifest) instead of failing" };
        var minSide = new Option<int>("--min-side") { Description = $"Images whose shorter side is below this many pixels are bad (default {ImageVerifier.DefaultMinSide})", HelpName = "px", DefaultValueFactory = _ => ImageVerifier.DefaultMinSide };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads decoding images (every image is decoded once to verify it); 0 = all cores", HelpName = "n", DefaultValueFactory = _ => 0 };
        var wait = new Option<int>("--wait", "-w")
        {
            Description = "Seconds to wait while another pack writes the same output, then use its result (0: exit 2 at once)",
            HelpName = "seconds", DefaultValueFactory = _ => 3600,
        };
        var command = new Command("pack", "Pack a dataset into shards + manifest.json (the staging job); a folder that holds a successful pack is left as it is");
        foreach (var option in new Option[] { dataset, input, output, skipBad, minSide, threads, wait }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var started = DateTimeOffset.UtcNow;
            var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
            OutputFolder? target = null;
            try
            {
                var text = parse.GetValue(dataset);
                if (!DatasetCatalog.TryParse(text, out var kind))
                    throw new TrainingInputException($"--dataset '{text}' is unknown. Known: rafdb, ferplus, affectnet7, affectnet8, generic");
                var seconds = parse.GetValue(wait);
                if (seconds < 0) throw new TrainingInputException($"--wait ({seconds}) must be 0 or more seconds");
                target = await OutputFolder.OpenAsync(services.Storage, parse.GetValue(output)!, inputs.WorkRoot, [],
                    WriterHolder.Current(services.Job.NameOr("pack")), TimeSpan.FromSeconds(seconds), services.Error, cancellationToken);
                // Shared staging: the folder is named by the content hash, so a success record means this content is packed.
                // Its record is never deleted (another run may be reading it) nor replaced by a failure.
                if (await target.ReadCompletionAsync(cancellationToken) is { Succeeded: true } done)
                {
                    services.Job.MarkRecorded();
                    services.Console.WriteLine($"already packed by job '{done.JobName}' at {done.FinishedUtc:yyyy-MM-ddTHH:mm:ssZ} " +
                        $"(content hash {done.Outputs?.GetValueOrDefault("contentHash") ?? "?"}); nothing to do. Delete {BlobLayout.CompletionFile} to pack again; {target.Location}");
                    return JobExitCode.Success;
                }
                var root = await inputs.FolderAsync(parse.GetValue(input)!, "--input", cancellationToken);
                var lenient = parse.GetValue(skipBad);
                var packOptions = new PackOptions(MinSide: parse.GetValue(minSide), SkipBad: lenient, Threads: parse.GetValue(threads)).Validate();
                // Only existence up front: packing decodes every image once and names the bad ones itself.
                var loaded = DatasetReader.Read(kind, root, new DatasetReadOptions(SkipBad: lenient, CheckImages: ImageCheck.Exists));
                var manifest = DatasetPacker.Pack(loaded, target.LocalPath, packOptions, cancellationToken);
                await target.PublishAllAsync(cancellationToken);
                await JobRecord.SucceededAsync(target, services, "pack", started, new Dictionary<string, string>
                {
                    ["manifest"] = BlobLayout.ManifestFile, ["contentHash"] = manifest.ContentHash, ["samples"] = manifest.SampleCount.ToString(),
                });
                services.Console.WriteLine(
                    $"packed {manifest.SampleCount} samples of {DatasetCatalog.Name(kind)} into {manifest.Shards.Count} shard(s), content hash {manifest.ContentHash}, " +
                    $"{manifest.Skipped.Count} skipped; {target.Location}");
                foreach (var bad in manifest.Skipped.Take(20)) services.Console.WriteLine($"skipped: {bad}");
                return JobExitCode.Success;
            }
            catch (Exception e)
            {
                await JobRecord.FailedAsync(target, services, "pack", started, e);
                throw;
            }
            finally
            {
                if (target is not null) await target.DisposeAsync();
            }
        });
        return command;
    }
}
