using QcsCloud.Workflow.Api;

namespace QcsCloud.LocalHost.Api;

/// <summary>Writes a framework-neutral <see cref="ApiResult"/> as an ASP.NET Core response.</summary>
public sealed class ApiResultHttpResult(ApiResult result) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = result.StatusCode;
        if (result.CorrelationId is { } correlationId) response.Headers[RunsRoutes.CorrelationHeader] = correlationId;
        if (result.Location is { } location) response.Headers.Location = RunsRoutes.LocationHeader(location);
        if (result.ContentType is { } contentType) response.ContentType = contentType;

        if (result.Body is { } body)
        {
            await using (body) await body.CopyToAsync(response.Body, httpContext.RequestAborted);
        }
        else if (result.JsonBody is { } json)
        {
            await response.WriteAsync(json, httpContext.RequestAborted);
        }
    }
}
