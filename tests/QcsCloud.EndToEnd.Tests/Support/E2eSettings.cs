using System.Text.Json;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>Local-host settings and run plans sized for a 2-core machine: tiny network, 1 epoch, 2 steps.</summary>
public static class E2eSettings
{
    public static Dictionary<string, string> Host(string trainerCommand) => new()
    {
        ["Qcs__Jobs__Local__TrainerCommand"] = trainerCommand,
        ["Qcs__Jobs__Local__MaxConcurrentProcesses"] = "2",
        ["Qcs__Workflow__PollInterval"] = "00:00:01",
        ["Qcs__Workflow__RetryBaseDelay"] = "00:00:02",
        ["Qcs__Workflow__CapacityWait"] = "00:00:02",
    };

    public static string Plan(string runId, string[] datasets, string[] fineTuneTargets, int[] seeds, int maxConcurrentJobs = 2) =>
        JsonSerializer.Serialize(new
        {
            runId,
            datasets,
            pretrainDataset = fineTuneTargets.Length > 0 ? datasets[0] : null,
            fineTuneTargets,
            seeds,
            epochs = 1,
            network = "tiny",
            mode = "qcs",
            batchSize = 8,
            stepsPerEpoch = 2,
            valFraction = 0.25,
            threads = 1,
            maxConcurrentJobs,
        });
}
