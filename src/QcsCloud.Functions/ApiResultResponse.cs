using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using QcsCloud.Workflow.Api;

namespace QcsCloud.Functions;

/// <summary>Writes a framework-neutral <see cref="ApiResult"/> as a Functions HTTP response.</summary>
public static class ApiResultResponse
{
    public static async Task<HttpResponseData> ToResponseAsync(
        this ApiResult result, HttpRequestData request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // A new run: the standard Durable 202 check-status payload, built by the extension, never by hand.
        if (result.StartedInstanceId is { } instanceId && result.StatusCode == (int)HttpStatusCode.Accepted)
            return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);

        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        if (result.RedirectUri is { } redirect)
        {
            response.Headers.Add("Location", redirect);
            return response;
        }
        if (result.Location is { } location)
            response.Headers.Add("Location", location.Contains("://") ? location : $"/api/{location.TrimStart('/')}");
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
