using QcsCloud.LocalHost;
using QcsCloud.LocalHost.Api;
using QcsCloud.LocalHost.Durable;
using QcsCloud.LocalHost.SelfCheck;
using QcsCloud.LocalHost.Tools;
using Grpc.Core;
using Microsoft.DurableTask.Client;
using QcsCloud.Workflow;

// The local host: the HTTP API on http://127.0.0.1:7071/api and the durable orchestrations on Azurite,
// in one process, with training jobs as local `qcs` processes. Program.cs only wires.
if (args.Length > 0 && args[0] == UploadDatasetCommand.Name)
    return await UploadDatasetCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

var builder = WebApplication.CreateBuilder(args);

var options = builder.Configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
if (options.Validate() is { Count: > 0 } problems)
{
    Console.Error.WriteLine("Invalid local host settings:\n  " + string.Join("\n  ", problems));
    return 2;
}
builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
builder.Configuration.AddInMemoryCollection(LocalModeDefaults.For(builder.Configuration, options));
builder.Services.AddQcsWorkflow(builder.Configuration);

var grpcPort = builder.AddLocalDurableBackend(options, tasks =>
{
    tasks.AddQcsTasks();
    tasks.AddOrchestrator<SelfCheckOrchestratorV1>();
    tasks.AddOrchestrator<SelfCheckStepOrchestratorV1>();
    tasks.AddActivity<SelfCheckStepActivity>();
});

var app = builder.Build();
await app.MapLocalDurableBackendAsync(grpcPort, app.Lifetime.ApplicationStopping);

app.UseDotSegmentRefusal();
var api = app.MapGroup("/api");
// Healthy = the durable backend answers a query, not merely that Kestrel listens: scripts and tests wait on this.
api.MapGet("/health", async (DurableTaskClient client, CancellationToken cancellationToken) =>
{
    try
    {
        await client.GetInstanceAsync("qcs-health-probe", cancellationToken);
        return Results.Ok(new { status = "ok", taskHub = options.TaskHubName, grpcPort });
    }
    catch (RpcException e)
    {
        return Results.Json(new { status = "starting", error = $"durable backend on 127.0.0.1:{grpcPort} not answering yet: {e.Status.Detail}" },
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
});
api.MapSelfCheck();
api.MapRuns();

app.Logger.LogInformation(
    "QcsCloud local host: API on http://127.0.0.1:{ApiPort}/api, durable backend on 127.0.0.1:{GrpcPort}, task hub {TaskHub}, trainer {Trainer}",
    options.ApiPort, grpcPort, options.TaskHubName, app.Configuration["Qcs:Jobs:Local:TrainerCommand"] ?? "(not found: build src/QcsCloud.Trainer)");
await app.RunAsync();
return 0;
