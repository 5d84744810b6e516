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
        var networkOptions = NetworkOptionsResolver.Resolve(config, classNames.Count);
        var recipe = config.Recipe;
        var splits = SplitSamples();
        var loader = TrainingLoader(splits.Train, classNames, networkOptions);

        torch.manual_seed(config.Seed);
        using var model = TrainingNetworks.Create(config.Mode, networkOptions);
        var (createdOptimizer, start) = ResumeOrInitialise(model, classNames, networkOptions, device);
        using var optimizer = createdOptimizer;
        observer.RunStarted(new RunStartInfo(recipe.Epochs, start.Epoch, start.Step, splits.Train.Length, splits.Validation.Length, splits.Test.Count,
            device.ToString(), start.ResumedFrom, start.Provenance.InitChain));

        var schedule = new SamAdamOptions(recipe.LearningRate);
        var metrics = start.Metrics;
        var run = new RunContext(model, optimizer, networkOptions, classNames, start.Provenance, device);
        for (var epoch = start.Epoch; epoch < recipe.Epochs; epoch++)
        {
            optimizer.LearningRate = schedule.LearningRateAt(epoch);
            var resumed = epoch == start.Epoch ? start : null;
            var trained = TrainEpoch(run, loader, splits.Train.Length, epoch, resumed?.Step ?? 0, resumed?.Partial, metrics, cancellationToken);
            metrics = FinishEpoch(run, splits, epoch, trained, metrics);
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

    /// <summary>What every epoch works on: the network, its optimizer, and what the checkpoints record.</summary>
    private sealed record RunContext(TrainingNetwork Model, SamAdam Optimizer, NetworkOptions NetworkOptions, IReadOnlyList<string> ClassNames,
        RunProvenance Provenance, Device Device);

    /// <summary>Where a run starts: epoch 0 with fresh metrics, or the checkpoint's epoch, step and partial epoch.</summary>
    private sealed record StartingPoint(int Epoch, int Step, TrainingMetrics Metrics, PartialEpoch? Partial, RunProvenance Provenance, string? ResumedFrom);

    private sealed record SampleSplits(Sample[] Train, Sample[] Validation, IReadOnlyList<Sample> Test);

    /// <summary>Train and test splits, and the optional stratified, seeded validation hold-out from the training set.</summary>
    private SampleSplits SplitSamples()
    {
        var trainAll = dataset.Split(DatasetSplit.Train);
        var test = dataset.Split(DatasetSplit.Test);
        if (trainAll.Count == 0) throw new TrainingInputException($"Dataset '{dataset.Root}' has no training samples");
        if (test.Count == 0) throw new TrainingInputException($"Dataset '{dataset.Root}' has no test samples");
        var (trainIndex, validationIndex) = ValidationSplit.Split(trainAll.Select(s => s.Label).ToArray(), config.ValidationFraction, config.Seed);
        var train = trainIndex.Select(i => trainAll[i]).ToArray();
        var validation = validationIndex.Select(i => trainAll[i]).ToArray();
        if (config.MaxEvalSamples is { } cap) { test = test.Take(cap).ToArray(); validation = validation.Take(cap).ToArray(); }
        return new SampleSplits(train, validation, test);
    }

    private BatchLoader TrainingLoader(Sample[] train, IReadOnlyList<string> classNames, NetworkOptions networkOptions)
    {
        var recipe = config.Recipe;
        var sampler = Samplers.ForTraining(config.Mode, dataset.Kind, train.Select(s => s.Label).ToArray(), classNames.Count, config.Seed,
            classNames, (int)Math.Round(1 / recipe.EpochFraction));
        return new BatchLoader(train, sampler, TransformOptions.For(recipe.Transform, train: true, networkOptions.InputSize),
            new BatchLoaderOptions(recipe.BatchSize, config.Workers, Seed: config.Seed));
    }

    /// <summary>Resumes from <c>last.ckpt</c> when the folder has one (same run required), else initialises the weights
    /// (fine-tune source, imported backbone or seeded random) and starts at epoch 0. The optimizer is made after the
    /// model moved to its device (it holds the parameters the move creates).</summary>
    private (SamAdam Optimizer, StartingPoint Start) ResumeOrInitialise(TrainingNetwork model, IReadOnlyList<string> classNames, NetworkOptions networkOptions, Device device)
    {
        if (!File.Exists(LastCheckpointPath))
        {
            var initChain = ModelInitializer.Initialize(model, config, classNames);
            var provenance = ProvenanceFactory.Create(config, classNames, datasetManifestHash, initChain.ToList());
            model.to(device);
            var metrics = new TrainingMetrics(DatasetCatalog.Name(dataset.Kind), config.Mode, config.Phase, config.Seed, config.Recipe.Epochs,
                false, [], null, null, null, provenance);
            return (NewOptimizer(model), new StartingPoint(0, 0, metrics, null, provenance, null));
        }
        using var resume = Checkpoint.Load(LastCheckpointPath);
        RequireResumable(resume.Header, classNames, networkOptions);
        model.to(device);
        var optimizer = NewOptimizer(model);
        StateLoader.Load(model, resume.ModelState, resume.Path, strict: true);
        optimizer.LoadState(resume.OptimizerState);
        var header = resume.Header;
        return (optimizer, new StartingPoint(header.Epoch, header.NextBatch, header.Metrics, header.Partial, header.Provenance, LastCheckpointPath));
    }

    private SamAdam NewOptimizer(TrainingNetwork model) =>
        new(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), new SamAdamOptions(config.Recipe.LearningRate));

    /// <summary>The training steps of one epoch from <paramref name="firstStep"/> on. A signal is honoured between steps:
    /// <c>last.ckpt</c> records the partial epoch, then <see cref="OperationCanceledException"/>.</summary>
    private PartialEpoch TrainEpoch(RunContext run, BatchLoader loader, int trainSamples, int epoch, int firstStep, PartialEpoch? partial,
        TrainingMetrics metrics, CancellationToken cancellationToken)
    {
        var steps = Math.Min(loader.BatchCount(epoch), config.StepsPerEpoch ?? int.MaxValue);
        if (steps == 0)
            throw new TrainingInputException($"The training split yields no batch of {config.Recipe.BatchSize} ({trainSamples} samples): lower --batch-size");
        var running = partial ?? new PartialEpoch(0, 0, 0, 0);
        run.Model.train();
        observer.EpochStarted(epoch, steps, firstStep);
        var clock = Stopwatch.StartNew();
        // The loader gets no token: a signal is honoured between steps, after which we checkpoint.
        foreach (var batch in loader.Epoch(epoch, firstStep).Take(steps - firstStep))
        {
            var (loss, correct) = Step(run.Model, run.Optimizer, batch, epoch, run.Device);
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
                (double)correct / Math.Max(batch.Size, 1), run.Optimizer.LearningRate));
            if (cancellationToken.IsCancellationRequested && done < steps)
            {
                SaveLast(run, epoch, done, metrics, running);
                observer.Stopped(epoch, done);
                throw new OperationCanceledException("Stopped by request after a checkpoint", cancellationToken);
            }
        }
        return running;
    }

    /// <summary>Scores the epoch on validation and test, then writes <c>last.ckpt</c>, <c>best.ckpt</c> when this epoch is
    /// the selected one, and <c>metrics.json</c>, in that order (a crash between them resumes from <c>last.ckpt</c>).</summary>
    private TrainingMetrics FinishEpoch(RunContext run, SampleSplits splits, int epoch, PartialEpoch trained, TrainingMetrics metrics)
    {
        var recipe = config.Recipe;
        var evalTransform = TransformOptions.For(recipe.Transform, train: false, run.NetworkOptions.InputSize);
        var evalBatch = config.EvalBatchSize ?? Math.Max(recipe.BatchSize, 32);
        run.Model.eval();
        var validation = splits.Validation.Length > 0 ? Evaluate(run, splits.Validation, evalTransform, "validation", evalBatch, epoch) : null;
        var test = Evaluate(run, splits.Test, evalTransform, "test", evalBatch, epoch);
        var epochMetrics = new EpochMetrics(epoch, trained.LossSum / Math.Max(trained.Seen, 1), (double)trained.Correct / Math.Max(trained.Seen, 1),
            run.Optimizer.LearningRate, trained.Seconds, trained.Seen * run.Model.BranchCount / Math.Max(trained.Seconds, 1e-9), validation, test);
        metrics = MetricsSelection.Add(metrics, epochMetrics, finished: epoch == recipe.Epochs - 1);

        SaveLast(run, epoch + 1, 0, metrics, null);
        if ((metrics.Selected ?? metrics.ReferenceProtocol)!.Epoch == epoch)
        {
            File.Copy(LastCheckpointPath, BestCheckpointPath + ".tmp", overwrite: true);
            File.Move(BestCheckpointPath + ".tmp", BestCheckpointPath, overwrite: true);
        }
        WriteMetrics(metrics);
        observer.EpochCompleted(epochMetrics, metrics);
        return metrics;
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

    private EvaluationResult Evaluate(RunContext run, IReadOnlyList<Sample> samples, TransformOptions transform, string split, int batchSize, int epoch)
    {
        var result = Evaluator.Run(images => run.Model.Branch(images).Logits, samples, run.ClassNames, transform, split, batchSize, config.Workers, run.Device);
        // NaN probabilities mean diverged weights: a training failure (retried from the last checkpoint), never written
        // to metrics.json (JSON has no NaN; the serializer's ArgumentException would read as bad input).
        if (result.Loss is { } loss && !double.IsFinite(loss))
            throw new TrainingFailedException($"The {split} loss is {loss} after epoch {epoch}: training diverged");
        return result;
    }

    private void SaveLast(RunContext run, int epoch, int nextBatch, TrainingMetrics metrics, PartialEpoch? partial)
    {
        var header = new CheckpointHeader(CheckpointHeader.CurrentFormatVersion, config.Mode, run.NetworkOptions, run.ClassNames.ToArray(), epoch, nextBatch,
            config, metrics, run.Provenance, partial);
        Checkpoint.Save(LastCheckpointPath, header, run.Model, run.Optimizer);
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
