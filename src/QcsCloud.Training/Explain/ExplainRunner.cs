using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Transforms;
using QcsCloud.Model;
using QcsCloud.Training.Checkpoints;
using static TorchSharp.torch;

namespace QcsCloud.Training.Explain;

/// <summary>
/// <c>qcs explain</c>: loads a DCS/QCS checkpoint, picks a few images of the dataset, draws the CSA map of each level
/// over each face (<c>attention-NN.png</c>) and writes <c>explain.json</c> last.
/// </summary>
public static class ExplainRunner
{
    public static ExplainIndex Run(ExplainOptions options)
    {
        options.Validate();
        if (options.Threads is { } threads) set_num_threads(threads);

        using var checkpoint = Checkpoint.Load(options.Checkpoint);
        var header = checkpoint.Header;
        if (header.Mode == TrainingMode.Baseline)
            throw new TrainingInputException($"--checkpoint '{options.Checkpoint}' is a baseline model: it has no cross similarity attention to draw (use a dcs or qcs checkpoint)");

        LoadedDataset data;
        try { data = DatasetReader.Read(options.Dataset, options.DataRoot); }
        catch (DatasetFormatException e) { throw new TrainingInputException($"--data: {e.Message}"); }
        if (!data.ClassNames.SequenceEqual(header.ClassNames))
            throw new TrainingInputException(
                $"--data classes [{string.Join(", ", data.ClassNames)}] differ from the checkpoint's [{string.Join(", ", header.ClassNames)}]");

        using var network = TrainingNetworks.Create(header.Mode, header.Network);
        StateLoader.Load(network, checkpoint.ModelState, options.Checkpoint, strict: true);
        var evalTransform = TransformOptions.For(header.Config.Recipe.Transform, train: false, header.Network.InputSize);

        var tuples = ExplainSelection.Pick(data, options.Split, options.Count, header.Mode);
        var explained = AttentionExplainer.Explain(network, tuples, evalTransform);

        Directory.CreateDirectory(options.OutputDir);
        var figures = new List<ExplainFigure>();
        for (var i = 0; i < explained.Count; i++)
        {
            var e = explained[i];
            var file = $"attention-{i:D2}.png";
            AttentionOverlay.WritePng(AttentionOverlay.Render(e), Path.Combine(options.OutputDir, file));
            var truth = data.ClassNames[e.TrueLabel];
            var predicted = data.ClassNames[e.PredictedLabel];
            var caption = $"{e.SampleId}: true {truth}, predicted {predicted} ({100 * e.Confidence:0.0}%); face, then CSA attention of levels 1-3";
            figures.Add(new ExplainFigure(file, caption, e.SampleId, truth, predicted, e.Confidence, e.LevelMaps));
        }
        var index = new ExplainIndex(Path.GetFileName(options.Checkpoint), DatasetCatalog.Name(options.Dataset), header.Mode,
            options.Split.ToString().ToLowerInvariant(), data.ClassNames, figures);
        // Written last: its presence means every PNG is there.
        File.WriteAllText(Path.Combine(options.OutputDir, ExplainIndex.FileName), QcsJson.Serialize(index));
        return index;
    }
}
