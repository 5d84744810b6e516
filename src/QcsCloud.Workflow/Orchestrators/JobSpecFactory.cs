using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Orchestrators;

/// <summary>
/// Builds the <c>qcs pack</c> / <c>qcs train</c> job specs of a run, exactly as the trainer CLI contract spells them.
/// Pure (no clock, no I/O): orchestrators call it and every replay builds the same arguments.
/// </summary>
public static class JobSpecFactory
{
    /// <summary><c>qcs pack --dataset d --data datasets/d/ --output staging/d/&lt;hash&gt;/</c>.</summary>
    public static JobSpec Stage(string runId, DatasetSnapshot snapshot) => new(
        RunLayout.StageJobName(runId, snapshot.Dataset),
        JobKind.Stage,
        ["pack", "--dataset", snapshot.Dataset, "--data", snapshot.DatasetUri!, "--output", snapshot.StagingUri!],
        snapshot.StagingUri!);

    /// <summary>
    /// <c>qcs train ...</c> for one dataset x seed of a phase; phase 2 adds <c>--finetune-from</c>. In a grid plan
    /// <paramref name="arm"/> gives the mode and the variant's fields (<see cref="RunPlan.ForArm"/>) and its name goes
    /// into the job name and output folder.
    /// </summary>
    public static JobSpec Train(RunInput run, string dataset, string stagingUri, TrainPhase phase, int seed, string? fineTuneFrom, PlanArm? arm = null)
    {
        var plan = arm is null ? run.Plan : run.Plan.ForArm(arm);
        var output = OutputUri(run, dataset, phase, seed, arm?.LayoutName);
        var args = new List<string>
        {
            "train", "--dataset", dataset, "--data", stagingUri, "--output", output,
            "--mode", (plan.Mode ?? TrainingMode.Qcs).ToString().ToLowerInvariant(),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--network", plan.Network ?? RunPlan.PaperNetwork,
        };
        var epochs = phase == TrainPhase.FineTune ? plan.FineTuneEpochs ?? plan.Epochs : plan.Epochs;
        Add(args, "--recipe", plan.Recipe);
        Add(args, "--epochs", epochs);
        Add(args, "--image-size", plan.ImageSize);
        Add(args, "--batch-size", plan.BatchSize);
        Add(args, "--lr", plan.LearningRate?.ToString("R", CultureInfo.InvariantCulture));
        Add(args, "--steps-per-epoch", plan.StepsPerEpoch);
        Add(args, "--val-fraction", plan.ValFraction?.ToString("R", CultureInfo.InvariantCulture));
        Add(args, "--threads", plan.Threads);
        // Attention maps (explain/ in the output folder) only where there is a CSA to draw: dcs and qcs.
        if (plan.Mode is not TrainingMode.Baseline && plan.ExplainImages is > 0) Add(args, "--explain", plan.ExplainImages);
        if (phase == TrainPhase.Pretrain) Add(args, "--init", plan.Init);
        else Add(args, "--finetune-from", fineTuneFrom ?? throw new ArgumentNullException(nameof(fineTuneFrom)));
        return new(RunLayout.TrainJobName(run.RunId, dataset, phase, seed, arm?.LayoutName), JobKind.Train, args, output);
    }

    /// <summary>
    /// <paramref name="arguments"/> with the trainer's renamed options in their current spelling (docs/trainer.md, "Renamed
    /// options"): a <c>job.json</c> recorded before a rename (<c>pack --input</c>) still describes the same work as the
    /// spec built now (<c>pack --data</c>).
    /// </summary>
    public static IReadOnlyList<string> CurrentSpelling(IReadOnlyList<string> arguments) =>
        arguments is ["pack", ..] ? arguments.Select(a => a is "--input" or "-i" ? "--data" : a).ToArray() : arguments;

    /// <summary><c>checkpoints/&lt;run&gt;/[&lt;arm&gt;/]&lt;dataset&gt;/&lt;phase&gt;/seed-&lt;n&gt;/</c> as a folder URI.</summary>
    public static string OutputUri(RunInput run, string dataset, TrainPhase phase, int seed, string? arm = null) =>
        run.Folder(BlobLayout.CheckpointsContainer, BlobLayout.CheckpointPrefix(run.RunId, dataset, phase, seed, arm));

    private static void Add(List<string> args, string option, object? value)
    {
        if (value is null) return;
        args.Add(option);
        args.Add(Convert.ToString(value, CultureInfo.InvariantCulture)!);
    }
}
