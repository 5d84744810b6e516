using QcsCloud.Model;
using QcsCloud.Training.Checkpoints;

namespace QcsCloud.Training.Loop;

/// <summary>
/// Initial weights of a fresh run: <c>--finetune-from</c> copies the backbone of one of our checkpoints (everything but
/// the class heads, so the classes may differ: AffectNet-8 -> RAF-DB); <c>--init</c> loads one of our checkpoints by
/// name and shape (same classes), or a PyTorch file (<c>ir50.pth</c>, a reference checkpoint) through
/// <see cref="WeightImport"/>. Returns the init chain entries for provenance.
/// </summary>
public static class ModelInitializer
{
    public static IReadOnlyList<string> Initialize(TrainingNetwork model, TrainingConfig config, IReadOnlyList<string> classNames)
    {
        if (config.FineTuneFrom is { } source) return FineTune(model, source);
        if (config.Init is { } init) return Init(model, init, classNames);
        return [$"random (seed {config.Seed})"];
    }

    private static IReadOnlyList<string> FineTune(TrainingNetwork model, string path)
    {
        RequireOurs(path, "--finetune-from");
        using var checkpoint = Checkpoint.Load(path);
        var differences = CheckpointCompatibility.ArchitectureDifferences(checkpoint.Header.Network, model.Options, ignoreClassesAndDropout: true);
        if (differences.Count > 0)
            throw new TrainingInputException($"--finetune-from '{path}': the backbone architecture differs: {string.Join("; ", differences)}");
        var report = StateLoader.Load(model, checkpoint.ModelState, path, strict: false, include: name => !BackboneTransfer.IsHead(name));
        if (report.ShapeMismatches.Count > 0)
            throw new TrainingInputException($"--finetune-from '{path}': {string.Join("; ", report.ShapeMismatches)}");
        var entry = $"finetune-from {path} ({checkpoint.Header.Metrics.Dataset}, {checkpoint.Header.ClassNames.Count} classes): " +
                    $"backbone {report.Loaded.Count} tensors copied, heads fresh, {report.Missing.Count} not in the file";
        return [.. checkpoint.Header.Provenance.InitChain, entry];
    }

    private static IReadOnlyList<string> Init(TrainingNetwork model, string path, IReadOnlyList<string> classNames)
    {
        if (!File.Exists(path)) throw new TrainingInputException($"--init '{path}' does not exist");
        if (!IsOurs(path))
        {
            // ir50.pth or a reference checkpoint: by name and shape, through the model library's importer.
            try
            {
                return [$"init {WeightImport.Load(model, path, model.Options).Summary}"];
            }
            catch (WeightImportException e)
            {
                throw new TrainingInputException($"--init '{path}': {e.Message}", e);
            }
        }
        using var checkpoint = Checkpoint.Load(path);
        CheckpointCompatibility.RequireSame(path, checkpoint.Header, classNames, model.Options);
        var report = StateLoader.Load(model, checkpoint.ModelState, path, strict: false);
        return [.. checkpoint.Header.Provenance.InitChain,
            $"init {path}: {report.Loaded.Count} loaded, {report.Missing.Count} missing, {report.Unused.Count} unused"];
    }

    private static void RequireOurs(string path, string option)
    {
        if (!File.Exists(path)) throw new TrainingInputException($"{option} '{path}' does not exist");
        if (!IsOurs(path))
            throw new TrainingInputException(
                $"{option} '{path}' is not a qcs checkpoint. Convert a PyTorch checkpoint first with `qcs import-weights`, or pass ir50.pth to --init.");
    }

    private static bool IsOurs(string path)
    {
        using var stream = File.OpenRead(path);
        var magic = new byte[8];
        return stream.Read(magic) == 8 && magic.AsSpan().SequenceEqual("QCSCKPT1"u8);
    }
}
