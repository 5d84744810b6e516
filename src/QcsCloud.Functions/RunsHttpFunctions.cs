using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.Functions;

/// <summary>
/// The runs API as HTTP triggers (function-level keys): the routes of <see cref="RunsRoutes"/>, each trigger one line
/// over it. Function names are the route's verb and resource, as listed by <c>func</c>.
/// </summary>
public sealed class RunsHttpFunctions(RunsRoutes routes)
{
    [Function("StartRun")]
    public Task<HttpResponseData> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RunsRoutes.RunsTemplate)] HttpRequestData request,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        routes.AnswerAsync(RunsRoutes.Start, request, client, context);

    [Function("ListRuns")]
    public Task<HttpResponseData> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RunsRoutes.RunsTemplate)] HttpRequestData request,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        routes.AnswerAsync(RunsRoutes.List, request, client, context);

    [Function("GetRun")]
    public Task<HttpResponseData> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RunsRoutes.RunTemplate)] HttpRequestData request,
        string id, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        routes.AnswerAsync(RunsRoutes.Get, request, client, context, id);

    [Function("CancelRun")]
    public Task<HttpResponseData> CancelRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RunsRoutes.CancelTemplate)] HttpRequestData request,
        string id, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        routes.AnswerAsync(RunsRoutes.Cancel, request, client, context, id);

    [Function("GetRunReport")]
    public Task<HttpResponseData> GetRunReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RunsRoutes.ReportTemplate)] HttpRequestData request,
        string id, string? path, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        routes.AnswerAsync(RunsRoutes.Report, request, client, context, id, path);

    [Function("PreviewRun")]
    public Task<HttpResponseData> PreviewRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RunsRoutes.PreviewTemplate)] HttpRequestData request,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        routes.AnswerAsync(RunsRoutes.Preview, request, client, context);
}
