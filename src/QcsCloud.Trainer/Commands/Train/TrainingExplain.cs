using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training;
using QcsCloud.Training.Explain;
using Spectre.Console;

namespace QcsCloud.Trainer.Commands.Train;

/// <summary>
/// <c>qcs train --explain N</c>: after the last epoch and before <c>completion.json</c>, what <c>qcs explain</c> does on
/// the run's <c>best.ckpt</c> over N test images, into <c>&lt;output&gt;/explain/</c> (PNGs, then <c>explain.json</c>
/// last). Best effort: a failure is a warning and leaves no <c>explain/</c> folder; the training still succeeds.
/// </summary>
public static class TrainingExplain
{
    public const string Folder = BlobLayout.ExplainFolder;

    /// <summary>Checks the count before any training: 0 (off) or 1..<see cref="ExplainOptions.MaxCount"/>.</summary>
    public static void Validate(int count)
    {
        if (count is < 0 or > ExplainOptions.MaxCount)
            throw new TrainingInputException($"--explain ({count}) must be 0 (off) or in 1..{ExplainOptions.MaxCount}");
    }

    public static async Task RunAsync(int count, TrainingConfig config, string dataRoot, OutputFolder output, CliServices services)
    {
        if (count == 0) return;
        if (config.Mode == TrainingMode.Baseline)
        {
            services.Console.WriteLine($"explain: skipped (--explain {count}): a baseline model has no cross similarity attention to draw");
            return;
        }
        var localDir = Path.Combine(output.LocalPath, Folder);
        try
        {
            if (Directory.Exists(localDir)) Directory.Delete(localDir, recursive: true);   // an earlier attempt's
            var options = new ExplainOptions(Path.Combine(output.LocalPath, BlobLayout.BestCheckpointFile), config.Dataset, dataRoot,
                localDir, count, DatasetSplit.Test);
            var index = await TorchThread.RunAsync(() => ExplainRunner.Run(options));
            await output.PublishAsync(index.Figures.Select(f => $"{Folder}/{f.File}"), CancellationToken.None);
            await output.PublishAsync([$"{Folder}/{ExplainIndex.FileName}"], CancellationToken.None);   // last
            services.Console.WriteLine($"explain: {index.Figures.Count} attention figures and {Folder}/{ExplainIndex.FileName} in {output.Location}");
        }
        catch (Exception e)
        {
            await services.Error.WriteLineAsync($"warning: --explain {count} failed, the training result stands without an {Folder}/ folder: {e.Message}");
            try { if (Directory.Exists(localDir)) Directory.Delete(localDir, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }
}
