using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// A Container Apps Job (<c>Microsoft.App/jobs</c>) as an <see cref="ArmResource"/>, so its few calls go through
/// ArmClient's own pipeline (authentication, retries, diagnostics); the AppContainers SDK package is not available.
/// Calls: start an execution with a template override, read an execution, stop an execution.
/// </summary>
public sealed class ContainerAppsJobResource : ArmResource
{
    public const string ApiVersion = "2025-07-01";

    public ContainerAppsJobResource(ArmClient client, ResourceIdentifier id) : base(client, id)
    {
    }

    /// <summary><c>POST {job}/start</c> with a <c>JobExecutionTemplate</c> body; returns the raw response (200/202).</summary>
    public Task<ArmReply> StartAsync(JsonObject template, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, $"{Id}/start", template, cancellationToken);

    /// <summary><c>GET {job}/executions/{name}</c>.</summary>
    public Task<ArmReply> GetExecutionAsync(string executionName, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Get, $"{Id}/executions/{Uri.EscapeDataString(executionName)}", null, cancellationToken);

    /// <summary><c>POST {job}/executions/{name}/stop</c>.</summary>
    public Task<ArmReply> StopExecutionAsync(string executionName, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, $"{Id}/executions/{Uri.EscapeDataString(executionName)}/stop", null, cancellationToken);

    /// <summary>Follows a 202's <c>Location</c> (the execution being created).</summary>
    public Task<ArmReply> GetAsync(Uri location, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Get, location, null, cancellationToken);

    private Task<ArmReply> SendAsync(RequestMethod method, string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendAsync(method, new Uri(Endpoint, $"{path}?api-version={ApiVersion}"), body, cancellationToken);

    private async Task<ArmReply> SendAsync(RequestMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken)
    {
        using var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.Add("Accept", "application/json");
        if (body is not null || method == RequestMethod.Post)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(BinaryData.FromString((body ?? new JsonObject()).ToJsonString(new JsonSerializerOptions())));
        }
        await Pipeline.SendAsync(message, cancellationToken);
        // Copy what callers need: the message (and its response stream) is disposed when this method returns.
        var response = message.Response;
        response.Headers.TryGetValue("Location", out var location);
        return new ArmReply(response.Status, response.Content ?? BinaryData.Empty, location);
    }
}
