using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.LocalHost.Api;

/// <summary>
/// The runs API on the local host, the same routes as the Functions app: thin adapters over
/// <see cref="RunsApi"/>, which holds all the logic shared by both hosts.
/// </summary>
public static class RunsEndpoints
{
    /// <summary>A RunPlan is a few hundred bytes; anything near this is a mistake, not a plan.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapRuns(this IEndpointRouteBuilder api)
    {
        api.MapPost("/runs", StartAsync);
        api.MapGet("/runs", (RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            Adapt(runs.ListAsync(client, ct)));
        api.MapGet("/runs/{id}", (string id, RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            Adapt(runs.GetAsync(client, id, ct)));
        api.MapPost("/runs/{id}/cancel", (string id, RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            Adapt(runs.CancelAsync(client, id, ct)));
        api.MapGet("/runs/{id}/report", (string id, RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            Adapt(runs.GetReportAsync(client, id, null, ct)));
        // Catch-all: report assets sit below the report folder (img/<dataset>-<phase>-confusion.png); RunsApi checks every segment.
        api.MapGet("/runs/{id}/report/{**path}", (string id, string? path, RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            Adapt(runs.GetReportAsync(client, id, path, ct)));
    }

    /// <summary>
    /// Refuses with 400 any request whose raw target has a '.' or '..' segment (also percent-encoded): Kestrel
    /// removes dot segments before routing, so <c>report/img/../../x</c> would otherwise reach another route
    /// (or none) instead of being refused as the path trick it is.
    /// </summary>
    public static IApplicationBuilder UseDotSegmentRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
        var path = raw.Split('?', 2)[0];
        if (path.Split('/').Any(s => Uri.UnescapeDataString(s) is "." or ".."))
        {
            await new ApiResultHttpResult(ApiResult.Error(400, $"Request path '{path}' is not allowed: it contains '.' or '..' segments.")).ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static async Task<IResult> StartAsync(HttpRequest request, RunsApi runs, DurableTaskClient client, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return new ApiResultHttpResult(ApiResult.Error(413, $"POST /api/runs body is {request.ContentLength} bytes; a RunPlan must be under {MaxBodyBytes}."));
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        return new ApiResultHttpResult(await runs.StartAsync(client, body, ct));
    }

    private static async Task<IResult> Adapt(Task<ApiResult> handler) => new ApiResultHttpResult(await handler);
}
