using System.Diagnostics;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;
using QcsCloud.Model;
using QcsCloud.Training.Checkpoints;
using QcsCloud.Training.Evaluation;
using QcsCloud.Training.Optimization;
using QcsCloud.Training.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace QcsCloud.Training.Loop;

/// <summary>
/// One training run (baseline, DCS or QCS) into a local output folder: SAM around Adam, one dispose scope per step on
/// one thread, evaluation and <c>last.ckpt</c> / <c>best.ckpt</c> / <c>metrics.json</c> after every epoch. If the folder
/// already holds <c>last.ckpt</c>, the run resumes from it (also mid-epoch, after a signal) and ends with the same
/// weights as an uninterrupted run: the loader is a pure function of (seed, epoch, batch), and torch's generator is
/// reseeded from (seed, epoch, step) before every step.
/// </summary>
public sealed class TrainingSession(TrainingConfig config, LoadedDataset dataset, string outputDir, ITrainingObserver? observer = null, string? datasetManifestHash = null)
{
    private readonly ITrainingObserver observer = observer ?? NullTrainingObserver.Instance;

    public string LastCheckpointPath => Path.Combine(outputDir, BlobLayout.LastCheckpointFile);
    public string BestCheckpointPath => Path.Combine(outputDir, BlobLayout.BestCheckpointFile);
    public string MetricsPath => Path.Combine(outputDir, BlobLayout.MetricsFile);

    /// <summary>Trains to the planned epoch count. Cancellation writes a checkpoint, then throws <see cref="OperationCanceledException"/>.</summary>
    public TrainingMetrics Run(CancellationToken cancellationToken = default)
    {
        config.Validate();
        torch.set_num_threads(config.Threads);
        Directory.CreateDirectory(outputDir);
        var device = torch.cuda.is_available() ? CUDA : CPU;
        var classNames = dataset.ClassNames;
        var network = NetworkOptionsResolver.Resolve(config, classNames.Count);
        var recipe = config.Recipe;

        // Splits: optional stratified, seeded validation hold-out from the training set.
        var trainAll = dataset.Split(DatasetSplit.Train);
        var test = dataset.Split(DatasetSplit.Test);
        if (trainAll.Count == 0) throw new TrainingInputException($"Dataset '{dataset.Root}' has no training samples");
        if (test.Count == 0) throw new TrainingInputException($"Dataset '{dataset.Root}' has no test samples");
        var (trainIndex, validationIndex) = ValidationSplit.Split(trainAll.Select(s => s.Label).ToArray(), config.ValidationFraction, config.Seed);
        var train = trainIndex.Select(i => trainAll[i]).ToArray();
        var validation = validationIndex.Select(i => trainAll[i]).ToArray();
        if (config.MaxEvalSamples is { } cap) { test = test.Take(cap).ToArray(); validation = validation.Take(cap).ToArray(); }

        var sampler = Samplers.ForTraining(config.Mode, dataset.Kind, train.Select(s => s.Label).ToArray(), classNames.Count, config.Seed,
            classNames, (int)Math.Round(1 / recipe.EpochFraction));
        var loader = new BatchLoader(train, sampler, TransformOptions.For(recipe.Transform, train: true, network.InputSize),
            new BatchLoaderOptions(recipe.BatchSize, config.Workers, Seed: config.Seed));
        var evalTransform = TransformOptions.For(recipe.Transform, train: false, network.InputSize);
        var evalBatch = config.EvalBatchSize ?? Math.Max(recipe.BatchSize, 32);

        // Model: seeded init, then resume, fine-tune or init weights.
        torch.manual_seed(config.Seed);
        using var model = TrainingNetworks.Create(config.Mode, network);
        var initChain = new List<string>();
        Checkpoint? resume = File.Exists(LastCheckpointPath) ? Checkpoint.Load(LastCheckpointPath) : null;
        try
        {
            if (resume is not null) RequireResumable(resume.Header, classNames, network);
            else initChain.AddRange(ModelInitializer.Initialize(model, config, classNames));
            var provenance = resume?.Header.Provenance ?? ProvenanceFactory.Create(config, classNames, datasetManifestHash, initChain);
            model.to(device);
            using var optimizer = new SamAdam(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), new SamAdamOptions(recipe.LearningRate));
            var startEpoch = 0;
            var startStep = 0;
            var metrics = new TrainingMetrics(DatasetCatalog.Name(dataset.Kind), config.Mode, config.Phase, config.Seed, recipe.Epochs,
                false, [], null, null, null, provenance);
            PartialEpoch? partial = null;
            if (resume is not null)
            {
                StateLoader.Load(model, resume.ModelState, resume.Path, strict: true);
                optimizer.LoadState(resume.OptimizerState);
                (startEpoch, startStep, metrics, partial) = (resume.Header.Epoch, resume.Header.NextBatch, resume.Header.Metrics, resume.Header.Partial);
                initChain.AddRange(provenance.InitChain);
            }
            resume?.Dispose();
            resume = null;

            observer.RunStarted(new RunStartInfo(recipe.Epochs, startEpoch, startStep, train.Length, validation.Length, test.Count,
                device.ToString(), File.Exists(LastCheckpointPath) ? LastCheckpointPath : null, provenance.InitChain));
            var samAdam = new SamAdamOptions(recipe.LearningRate);
            for (var epoch = startEpoch; epoch < recipe.Epochs; epoch++)
            {
                var steps = Math.Min(loader.BatchCount(epoch), config.StepsPerEpoch ?? int.MaxValue);
                if (steps == 0)
                    throw new TrainingInputException($"The training split yields no batch of {recipe.BatchSize} ({train.Length} samples): lower --batch-size");
                var first = epoch == startEpoch ? startStep : 0;
                var running = epoch == startEpoch && partial is not null ? partial : new PartialEpoch(0, 0, 0, 0);
                optimizer.LearningRate = samAdam.LearningRateAt(epoch);
                model.train();
                observer.EpochStarted(epoch, steps, first);
                var clock = Stopwatch.StartNew();
                // The loader gets no token: a signal is honoured between steps, after which we checkpoint.
                foreach (var batch in loader.Epoch(epoch, first).Take(steps - first))
                {
                    var (loss, correct) = Step(model, optimizer, batch, epoch, device);
                    running = running with
                    {
                        LossSum = running.LossSum + loss * batch.Size,
                        Correct = running.Correct + correct,
                        Seen = running.Seen + batch.Size,
                        Seconds = running.Seconds + clock.Elapsed.TotalSeconds,
                    };
                    clock.Restart();
                    var done = batch.Index + 1;
                    observer.StepCompleted(new StepInfo(epoch, done, steps, loss, running.Seen * batch.Branches / Math.Max(running.Seconds, 1e-9),
                        (double)correct / Math.Max(batch.Size, 1), optimizer.LearningRate));
                    if (cancellationToken.IsCancellationRequested && done < steps)
                    {
                        SaveLast(model, optimizer, network, classNames, epoch, done, metrics, provenance, running);
                        observer.Stopped(epoch, done);
                        throw new OperationCanceledException("Stopped by request after a checkpoint", cancellationToken);
                    }
                }

                model.eval();
                var valResult = validation.Length > 0 ? Evaluate(model, validation, classNames, evalTransform, "validation", evalBatch, device, epoch) : null;
                var testResult = Evaluate(model, test, classNames, evalTransform, "test", evalBatch, device, epoch);
                var epochMetrics = new EpochMetrics(epoch, running.LossSum / Math.Max(running.Seen, 1), (double)running.Correct / Math.Max(running.Seen, 1),
                    optimizer.LearningRate, running.Seconds, running.Seen * loader.Branches / Math.Max(running.Seconds, 1e-9), valResult, testResult);
                metrics = MetricsSelection.Add(metrics, epochMetrics, finished: epoch == recipe.Epochs - 1);

                SaveLast(model, optimizer, network, classNames, epoch + 1, 0, metrics, provenance, null);
                var bestEpoch = (metrics.Selected ?? metrics.ReferenceProtocol)!.Epoch;
                if (bestEpoch == epoch) File.Copy(LastCheckpointPath, BestCheckpointPath + ".tmp", overwrite: true);
                if (bestEpoch == epoch) File.Move(BestCheckpointPath + ".tmp", BestCheckpointPath, overwrite: true);
                WriteMetrics(metrics);
                observer.EpochCompleted(epochMetrics, metrics);
                if (cancellationToken.IsCancellationRequested && epoch < recipe.Epochs - 1)
                {
                    observer.Stopped(epoch + 1, 0);
                    throw new OperationCanceledException("Stopped by request after a checkpoint", cancellationToken);
                }
            }
            if (!metrics.Finished) // resumed a run that had already finished
            {
                metrics = metrics with { Finished = true };
                WriteMetrics(metrics);
            }
            return metrics;
        }
        finally
        {
            resume?.Dispose();
        }
    }

    /// <summary>Two forward/backward passes (SAM), one dispose scope. Returns the first pass's loss and anchor hits.</summary>
    private (double Loss, int Correct) Step(TrainingNetwork model, SamAdam optimizer, Batch batch, int epoch, Device device)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(StepSeed(config.Seed, epoch, batch.Index));                                   // dropout, per step
        var images = batch.Images.Select(x => tensor(x, batch.ImageShape).to(device)).ToArray();           // per branch [B, 3, S, S]
        var labels = batch.Labels.Select(l => tensor(l.Select(v => (long)v).ToArray()).to(device)).ToArray(); // per branch [B]

        var output = model.call(images);
        var loss = QcsLoss.Compute(output, labels);                                                     // [] scalar
        loss.backward();
        var lossValue = loss.item<float>();
        if (!float.IsFinite(lossValue))
            throw new TrainingFailedException($"Loss is {lossValue} at epoch {epoch}, step {batch.Index}: training diverged");
        var correct = (int)output.BaseLogits[0].argmax(1).eq(labels[0]).sum().item<long>();
        optimizer.AscendToNeighbour();
        optimizer.ZeroGrad();

        QcsLoss.Compute(model.call(images), labels).backward();                                         // gradient at w + e
        optimizer.DescendAndStep();
        optimizer.ZeroGrad();
        return (lossValue, correct);
    }

    /// <summary>A seed per (run seed, epoch, step), mixed so neighbouring steps get unrelated streams.</summary>
    public static long StepSeed(int seed, int epoch, int step)
    {
        var z = (ulong)(uint)seed * SeededRandom.Golden ^ (ulong)(uint)epoch * 0xBF58476D1CE4E5B9UL ^ (ulong)(uint)step * 0x94D049BB133111EBUL;
        return (long)(SeededRandom.Scramble(z) >> 1);
    }

    private EvaluationResult Evaluate(TrainingNetwork model, IReadOnlyList<Sample> samples, IReadOnlyList<string> classNames,
        TransformOptions transform, string split, int batchSize, Device device, int epoch)
    {
        var result = Evaluator.Run(images => model.Branch(images).Logits, samples, classNames, transform, split, batchSize, config.Workers, device);
        // NaN probabilities mean diverged weights: a training failure (retried from the last checkpoint), never written
        // to metrics.json (JSON has no NaN; the serializer's ArgumentException would read as bad input).
        if (result.Loss is { } loss && !double.IsFinite(loss))
            throw new TrainingFailedException($"The {split} loss is {loss} after epoch {epoch}: training diverged");
        return result;
    }

    private void SaveLast(TrainingNetwork model, SamAdam optimizer, NetworkOptions network, IReadOnlyList<string> classNames,
        int epoch, int nextBatch, TrainingMetrics metrics, RunProvenance provenance, PartialEpoch? partial)
    {
        var header = new CheckpointHeader(CheckpointHeader.CurrentFormatVersion, config.Mode, network, classNames.ToArray(), epoch, nextBatch,
            config, metrics, provenance, partial);
        Checkpoint.Save(LastCheckpointPath, header, model, optimizer);
    }

    private void WriteMetrics(TrainingMetrics metrics)
    {
        var temp = MetricsPath + ".tmp";
        File.WriteAllText(temp, QcsJson.Serialize(metrics));
        File.Move(temp, MetricsPath, overwrite: true);
    }

    private void RequireResumable(CheckpointHeader header, IReadOnlyList<string> classNames, NetworkOptions network)
    {
        CheckpointCompatibility.RequireSame(LastCheckpointPath, header, classNames, network);
        var differences = new List<string>();
        if (header.Mode != config.Mode) differences.Add($"mode: checkpoint {header.Mode}, this run {config.Mode}");
        if (header.Config.Seed != config.Seed) differences.Add($"seed: checkpoint {header.Config.Seed}, this run {config.Seed}");
        // More epochs may be planned on relaunch (the schedule is a pure function of the epoch); all else must agree.
        if (header.Config.Recipe with { Epochs = 0 } != config.Recipe with { Epochs = 0 })
            differences.Add($"recipe: checkpoint {header.Config.Recipe}, this run {config.Recipe}");
        if (header.Config.StepsPerEpoch != config.StepsPerEpoch) differences.Add($"steps per epoch: checkpoint {header.Config.StepsPerEpoch}, this run {config.StepsPerEpoch}");
        if (header.Config.ValidationFraction != config.ValidationFraction) differences.Add($"validation fraction: checkpoint {header.Config.ValidationFraction}, this run {config.ValidationFraction}");
        if (differences.Count > 0)
            throw new TrainingInputException(
                $"'{LastCheckpointPath}' belongs to another run ({string.Join("; ", differences)}): use a fresh --output folder, or the same options to resume");
    }
}
