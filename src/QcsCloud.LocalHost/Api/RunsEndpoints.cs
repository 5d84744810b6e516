using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.LocalHost.Api;

/// <summary>
/// The runs API on the local host: the routes of <see cref="RunsRoutes"/>, which holds what both hosts share;
/// this only translates ASP.NET Core's request and response.
/// </summary>
public static class RunsEndpoints
{
    public static void MapRuns(this IEndpointRouteBuilder api)
    {
        foreach (var route in RunsRoutes.All)
            api.MapMethods("/" + route.Template, [route.Method],
                (HttpContext http, RunsRoutes routes, DurableTaskClient client) => AnswerAsync(route, http, routes, client));
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

    private static async Task<IResult> AnswerAsync(RunsRoute route, HttpContext http, RunsRoutes routes, DurableTaskClient client)
    {
        var values = http.Request.RouteValues;
        var headers = http.Request.Headers;
        var request = new RunsRequest(route, values["id"] as string, values["path"] as string, http.Request.Body,
            headers[CallerPrincipal.Header].FirstOrDefault(), headers[RunsRoutes.CorrelationHeader].FirstOrDefault());
        return new ApiResultHttpResult(await routes.AnswerAsync(request, client, http.RequestAborted));
    }
}
