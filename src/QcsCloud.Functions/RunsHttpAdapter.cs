using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.Functions;

/// <summary>Translates a Functions HTTP request into a <see cref="RunsRequest"/> and the <see cref="ApiResult"/> back into <c>HttpResponseData</c>.</summary>
public static class RunsHttpAdapter
{
    public static async Task<HttpResponseData> AnswerAsync(
        this RunsRoutes routes, RunsRoute route, HttpRequestData request, DurableTaskClient client, FunctionContext context,
        string? id = null, string? path = null)
    {
        var result = await routes.AnswerAsync(new RunsRequest(route, id, path, request.Body), client, context.CancellationToken);
        return await result.ToResponseAsync(request, client, context.CancellationToken);
    }

    public static async Task<HttpResponseData> ToResponseAsync(
        this ApiResult result, HttpRequestData request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // A new run: the standard Durable 202 check-status payload, built by the extension, never by hand.
        if (result.StartedInstanceId is { } instanceId && result.StatusCode == (int)HttpStatusCode.Accepted)
            return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);

        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
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
}
