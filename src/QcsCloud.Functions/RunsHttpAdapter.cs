using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.Functions;

/// <summary>
/// Translates a Functions HTTP request into a <see cref="RunsRequest"/> and the <see cref="ApiResult"/> back into
/// <c>HttpResponseData</c>. A started run is answered with our own body (<see cref="RunAccepted"/>), never the durable
/// extension's check-status payload, whose URLs carry the extension's system key.
/// </summary>
public static class RunsHttpAdapter
{
    public static async Task<HttpResponseData> AnswerAsync(
        this RunsRoutes routes, RunsRoute route, HttpRequestData request, DurableTaskClient client, FunctionContext context,
        string? id = null, string? path = null)
    {
        var runsRequest = new RunsRequest(route, id, path, request.Body,
            Header(request, CallerPrincipal.Header), Header(request, RunsRoutes.CorrelationHeader));
        var result = await routes.AnswerAsync(runsRequest, client, context.CancellationToken);
        return await result.ToResponseAsync(request, context.CancellationToken);
    }

    public static async Task<HttpResponseData> ToResponseAsync(this ApiResult result, HttpRequestData request, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        if (result.CorrelationId is { } correlationId) response.Headers.Add(RunsRoutes.CorrelationHeader, correlationId);
        if (result.Location is { } location) response.Headers.Add("Location", RunsRoutes.LocationHeader(location));
        if (result.ContentType is { } contentType) response.Headers.Add("Content-Type", contentType);

        if (result.Body is { } body)
        {
            await using (body) await body.CopyToAsync(response.Body, cancellationToken);
        }
        else if (result.JsonBody is { } json)
        {
            await response.WriteStringAsync(json, cancellationToken);
        }
        return response;
    }

    private static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
