using System.Text.Json;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>Local-host settings and run plans sized for a 2-core machine: tiny network, 1 epoch, 2 steps.</summary>
public static class E2eSettings
{
    /// <summary>
    /// Host settings for one test; jobs get a work folder of their own (<c>QCS_WORK_DIR</c>) because qcs caches blob
    /// inputs by URI and would reuse files of an earlier test's dataset uploaded under the same name.
    /// </summary>
    public static Dictionary<string, string> Host(string trainerCommand) => new()
    {
        ["Qcs__Jobs__Local__TrainerCommand"] = trainerCommand,
        ["Qcs__Jobs__Local__Environment__QCS_WORK_DIR"] = Path.Combine(SyntheticData.Root, "work-" + Guid.NewGuid().ToString("N")[..8]),
        ["Qcs__Jobs__Local__MaxConcurrentProcesses"] = "2",
        ["Qcs__Workflow__PollInterval"] = "00:00:01",
        ["Qcs__Workflow__RetryBaseDelay"] = "00:00:02",
        ["Qcs__Workflow__CapacityWait"] = "00:00:02",
        // Tests run the same plans on shared storage and count the processes they launch: no reuse across runs.
        ["Qcs__Workflow__DefaultReuse"] = "never",
    };

    public static string Plan(string runId, string[] datasets, string[] fineTuneTargets, int[] seeds, int maxConcurrentJobs = 2, int stepsPerEpoch = 2,
        string[]? modes = null, int? explainImages = null) =>
        JsonSerializer.Serialize(new
        {
            runId,
            datasets,
            pretrainDataset = fineTuneTargets.Length > 0 ? datasets[0] : null,
            fineTuneTargets,
            seeds,
            epochs = 1,
            network = "tiny",
            mode = modes is null ? "qcs" : null,
            modes,
            batchSize = 4,
            stepsPerEpoch,
            valFraction = 0.2,
            threads = 1,
            maxConcurrentJobs,
            explainImages,
        });
}
