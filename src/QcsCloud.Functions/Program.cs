using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using QcsCloud.Functions;
using QcsCloud.Workflow;

// The Azure host: the Functions isolated worker. Program.cs only wires; the [Function] adapters are in
// RunsHttpFunctions (HTTP) and WorkflowTaskFunctions (orchestration and activity triggers).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddQcsWorkflow(builder.Configuration);
builder.Services.AddQcsWorkerTelemetry();
builder.Build().Run();
