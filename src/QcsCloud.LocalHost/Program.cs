using QcsCloud.LocalHost;
using QcsCloud.LocalHost.Durable;
using QcsCloud.LocalHost.SelfCheck;

// The local host: the HTTP API on http://127.0.0.1:7071/api and the durable orchestrations on Azurite,
// in one process. Program.cs only wires; see LocalDurableBackend for the durable part.
var builder = WebApplication.CreateBuilder(args);

var options = builder.Configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
if (options.Validate() is { Count: > 0 } problems)
{
    Console.Error.WriteLine("Invalid local host settings:\n  " + string.Join("\n  ", problems));
    return 2;
}
builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

var grpcPort = builder.AddLocalDurableBackend(options, tasks =>
{
    tasks.AddOrchestrator<SelfCheckOrchestratorV1>();
    tasks.AddActivity<SelfCheckStepActivity>();
});

var app = builder.Build();
await app.MapLocalDurableBackendAsync(grpcPort, app.Lifetime.ApplicationStopping);

var api = app.MapGroup("/api");
api.MapGet("/health", () => Results.Ok(new { status = "ok", taskHub = options.TaskHubName, grpcPort }));
api.MapSelfCheck();

app.Logger.LogInformation("QcsCloud local host: API on http://127.0.0.1:{ApiPort}/api, durable backend on 127.0.0.1:{GrpcPort}, task hub {TaskHub}",
    options.ApiPort, grpcPort, options.TaskHubName);
await app.RunAsync();
return 0;
