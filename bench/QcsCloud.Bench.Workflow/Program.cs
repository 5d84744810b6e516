// Orchestration overhead of the workflow with jobs that finish instantly, on the in-memory durable host and real
// Azurite: a 1-job run (fixed cost of a run), then a fan-out of ~200 jobs (schedule + collect), with the time of
// each phase. Usage: dotnet run -c Release --project bench/QcsCloud.Bench.Workflow -- [--jobs 200] [--out FILE]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QcsCloud.Bench.Workflow;
using QcsCloud.Core;
using QcsCloud.Workflow;
using QcsCloud.Workflow.Api;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

var jobsWanted = 200;
string? outFile = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--jobs") jobsWanted = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--out") outFile = args[++i];
    else { Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --jobs N, --out FILE"); return 2; }
}

var connection = Environment.GetEnvironmentVariable("QCS_TEST_STORAGE") is { Length: > 0 } cs ? cs : "UseDevelopmentStorage=true";
var prefix = $"bench{Guid.NewGuid().ToString("N")[..6]}-";
var storage = new QcsStorage(new BlobServiceClient(connection), prefix);
var launcher = new InstantJobLauncher(storage);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Qcs:Storage:ConnectionString"] = connection,
    ["Qcs:Storage:ContainerPrefix"] = prefix,
    ["Qcs:Workflow:PollInterval"] = "00:00:01",
    ["Qcs:Jobs:Local:TrainerCommand"] = "unused",
}).Build();

string[] pretrain = ["affectnet8", "rafdb", "ferplus", "affectnet7", "generic"];
string[] targets = ["rafdb", "ferplus", "affectnet7"];
await storage.Container(BlobLayout.DatasetsContainer).CreateIfNotExistsAsync();
foreach (var d in pretrain)
    await storage.Container(BlobLayout.DatasetsContainer).GetBlobClient($"{d}/train/0.jpg").UploadAsync(BinaryData.FromString(d), overwrite: true);

var hostStart = Stopwatch.StartNew();
await using var host = await DurableTaskTestHost.StartAsync(r => r.AddQcsTasks(), new DurableTaskTestHostOptions
{
    Port = Random.Shared.Next(30000, 40000),
    LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
    ConfigureServices = services =>
    {
        services.AddSingleton(storage);
        services.AddSingleton<IJobLauncher>(launcher);
        services.AddQcsWorkflow(configuration);
        services.AddLogging();
    },
});
var api = host.Services.GetRequiredService<RunsApi>();
var hostSeconds = hostStart.Elapsed.TotalSeconds;
Console.WriteLine($"host started in {hostSeconds:0.00} s");

async Task<(double Total, Dictionary<RunPhase, double> PhaseStarts, RunResult Result)> RunAsync(RunPlan plan)
{
    var sw = Stopwatch.StartNew();
    var started = await api.StartAsync(host.Client, QcsJson.Serialize(plan), CancellationToken.None);
    if (started.StatusCode != 202) throw new InvalidOperationException(started.JsonBody);
    var phases = new Dictionary<RunPhase, double>();
    while (true)
    {
        var m = await host.Client.GetInstanceAsync(plan.RunId!, getInputsAndOutputs: true);
        if (m?.ReadCustomStatusAs<RunProgress>() is { } p && !phases.ContainsKey(p.Phase)) phases[p.Phase] = sw.Elapsed.TotalSeconds;
        if (m is { IsCompleted: true })
        {
            if (m.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new InvalidOperationException($"{m.RuntimeStatus}: {m.SerializedOutput}");
            return (sw.Elapsed.TotalSeconds, phases, m.ReadOutputAs<RunResult>()!);
        }
        await Task.Delay(50);
    }
}

// Warm-up (first orchestration pays JIT and connection set-up), then a 1-job run: the fixed cost of a run.
await RunAsync(new RunPlan(RunId: "bench-warmup", Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: []).WithDefaults());
var single = await RunAsync(new RunPlan(RunId: "bench-single", Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: []).WithDefaults());

var seedsPerDataset = Math.Max(1, (int)Math.Ceiling(jobsWanted / (double)(pretrain.Length + targets.Length)));
var seeds = Enumerable.Range(1, Math.Min(seedsPerDataset, RunPlan.MaxSeeds)).ToArray();
var fan = new RunPlan(RunId: "bench-fanout", Datasets: pretrain, FineTuneTargets: targets, Seeds: seeds, PretrainDataset: "affectnet8",
    MaxConcurrentJobs: RunPlan.MaxConcurrencyLimit).WithDefaults();
var launchesBefore = launcher.Launches;
var fanout = await RunAsync(fan);
var trainJobs = fanout.Result.JobsSucceeded;

double Phase(RunPhase p) => fanout.PhaseStarts.TryGetValue(p, out var t) ? t : double.NaN;
var md = new StringBuilder();
md.AppendLine("# Workflow orchestration overhead (instant jobs)").AppendLine();
var cpuOverride = Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is { Length: > 0 } n ? $"DOTNET_PROCESSOR_COUNT={n} " : "";
md.AppendLine($"Command: `bash infra/scripts/azurite.sh start && {cpuOverride}dotnet run -c Release --project bench/QcsCloud.Bench.Workflow -- --jobs {jobsWanted}`  ");
md.AppendLine($"Machine: 2 cores, shared; Environment.ProcessorCount = {Environment.ProcessorCount} (the in-memory host runs that many orchestration and activity work items at once; DOTNET_PROCESSOR_COUNT overrides it); durable backend: in-memory `DurableTaskTestHost` (0.2.3-preview.1); storage: Azurite; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine();
md.AppendLine("| measurement | value |").AppendLine("|---|---|");
md.AppendLine($"| durable host start | {hostSeconds:0.00} s |");
md.AppendLine($"| 1-job run (stage skipped, 1 train job, report), after warm-up | {single.Total:0.00} s |");
md.AppendLine($"| fan-out: training jobs scheduled and collected | {trainJobs} ({pretrain.Length} datasets + {targets.Length} fine-tune targets) x {seeds.Length} seeds, + {pretrain.Length} staging jobs |");
md.AppendLine($"| fan-out: jobs launched | {launcher.Launches - launchesBefore} |");
md.AppendLine($"| fan-out: start -> phase 1 begins (hash + stage) | {Phase(RunPhase.Pretrain):0.00} s |");
md.AppendLine($"| fan-out: phase 1 ({pretrain.Length * seeds.Length} jobs) | {Phase(RunPhase.Collect) - Phase(RunPhase.Pretrain):0.00} s |");
md.AppendLine($"| fan-out: collect (best seed) | {Phase(RunPhase.FineTune) - Phase(RunPhase.Collect):0.00} s |");
md.AppendLine($"| fan-out: phase 2 ({targets.Length * seeds.Length} jobs) | {Phase(RunPhase.Report) - Phase(RunPhase.FineTune):0.00} s |");
md.AppendLine($"| fan-out: report (build, render, upload) | {fanout.Total - Phase(RunPhase.Report):0.00} s |");
md.AppendLine($"| fan-out: total, start to Completed | {fanout.Total:0.00} s (target < 60 s) |");
md.AppendLine($"| fan-out: per training job | {1000 * fanout.Total / trainJobs:0} ms |");
Console.WriteLine(md);
if (outFile is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
    await File.WriteAllTextAsync(outFile, md.ToString());
}

await foreach (var c in storage.Service.GetBlobContainersAsync(prefix: prefix)) await storage.Service.DeleteBlobContainerAsync(c.Name);
return 0;
