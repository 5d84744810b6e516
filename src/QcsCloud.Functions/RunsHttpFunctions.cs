using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.Functions;

/// <summary>
/// The runs API as HTTP triggers (function-level keys), the same routes as the local host; all logic is
/// in <see cref="RunsApi"/>. Function names are the route's verb and resource, as listed by <c>func</c>.
/// </summary>
public sealed class RunsHttpFunctions(RunsApi runs)
{
    [Function("StartRun")]
    public async Task<HttpResponseData> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        var body = await request.ReadAsStringAsync() ?? "";
        var result = await runs.StartAsync(client, body, context.CancellationToken);
        return await result.ToResponseAsync(request, client, context.CancellationToken);
    }

    [Function("ListRuns")]
    public async Task<HttpResponseData> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        await (await runs.ListAsync(client, context.CancellationToken)).ToResponseAsync(request, client, context.CancellationToken);

    [Function("GetRun")]
    public async Task<HttpResponseData> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        await (await runs.GetAsync(client, id, context.CancellationToken)).ToResponseAsync(request, client, context.CancellationToken);

    [Function("CancelRun")]
    public async Task<HttpResponseData> CancelRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/cancel")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        await (await runs.CancelAsync(client, id, context.CancellationToken)).ToResponseAsync(request, client, context.CancellationToken);

    /// <summary><c>runs/{id}/report</c> and <c>runs/{id}/report/{*path}</c> (catch-all: <c>img/rafdb-pretrain-confusion.png</c>; RunsApi checks every segment).</summary>
    [Function("GetRunReport")]
    public async Task<HttpResponseData> GetRunReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}/report/{*path}")] HttpRequestData request,
        string id,
        string? path,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        await (await runs.GetReportAsync(client, id, path, context.CancellationToken)).ToResponseAsync(request, client, context.CancellationToken);
}
