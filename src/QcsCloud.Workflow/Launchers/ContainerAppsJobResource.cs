using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.ResourceManager;
using QcsCloud.Core;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// A Container Apps Job (<c>Microsoft.App/jobs</c>) as an <see cref="ArmResource"/>, so its few calls go through
/// ArmClient's own pipeline (authentication, retries, diagnostics); the AppContainers SDK package is not available.
/// Calls: read the job, start an execution with a template override (never retried by the pipeline: a repeated start
/// is a second execution), list executions, read an execution, stop an execution.
/// </summary>
public sealed class ContainerAppsJobResource : ArmResource
{
    public const string ApiVersion = "2025-07-01";

    /// <summary>
    /// The RBAC actions these calls need on each job (the Function App's ARM identity; see the README's "who can do
    /// what"). The deployment tests check the job operator role holds exactly these, assigned on each job.
    /// </summary>
    public static IReadOnlyList<AccessRequirement> RequiredAccess { get; } =
    [
        .. new[] { "train", "stage" }.SelectMany(job => new AccessRequirement[]
        {
            new(AccessTarget.Job, job, "Microsoft.App/jobs/start/action", $"{nameof(StartAsync)}: POST {{job}}/start"),
            new(AccessTarget.Job, job, "Microsoft.App/jobs/execution/read", $"{nameof(GetExecutionAsync)}: GET {{job}}/executions/{{name}}, and the 202's Location"),
            new(AccessTarget.Job, job, "Microsoft.App/jobs/stop/execution/action", $"{nameof(StopExecutionAsync)}: POST {{job}}/executions/{{name}}/stop"),
        }),
    ];

    public ContainerAppsJobResource(ArmClient client, ResourceIdentifier id) : base(client, id)
    {
    }

    /// <summary><c>GET {job}</c>: the job resource (its <c>properties.configuration.replicaTimeout</c>).</summary>
    public Task<ArmReply> GetJobAsync(CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Get, Address($"{Id}"), null, cancellationToken);

    /// <summary>
    /// <c>POST {job}/start</c> with a <c>JobExecutionTemplate</c> body; returns the raw response (200/202). Sent once:
    /// the pipeline's retry policy would repeat it on 5xx, 408 or a time-out although the execution may exist.
    /// </summary>
    public Task<ArmReply> StartAsync(JsonObject template, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, Address($"{Id}/start"), template, cancellationToken, retry: false);

    /// <summary><c>GET {job}/executions</c>, every page (<c>nextLink</c> followed).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListExecutionsAsync(CancellationToken cancellationToken)
    {
        var all = new List<JsonObject>();
        Uri? next = Address($"{Id}/executions");
        for (var page = 0; next is not null && page < 100; page++)
        {
            var reply = await SendAsync(RequestMethod.Get, next, null, cancellationToken);
            if (reply.Status != 200) throw new ArmCallException(reply.Status, $"Listing executions of {Id.Name}: HTTP {reply.Status}: {reply.Content}");
            var body = JsonNode.Parse(reply.Content.ToString());
            all.AddRange(body?["value"]?.AsArray().OfType<JsonObject>() ?? []);
            next = body?["nextLink"]?.GetValue<string>() is { Length: > 0 } link ? new Uri(link) : null;
        }
        return all;
    }

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
        SendAsync(method, Address(path), body, cancellationToken);

    private Uri Address(string path) => new(Endpoint, $"{path}?api-version={ApiVersion}");

    private async Task<ArmReply> SendAsync(RequestMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken, bool retry = true)
    {
        using var message = Pipeline.CreateMessage();
        if (!retry) message.ResponseClassifier = NeverRetry.Instance;
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

    /// <summary>The default classification of errors, but nothing is retriable: the retry policy sends the request once.</summary>
    private sealed class NeverRetry : ResponseClassifier
    {
        public static readonly NeverRetry Instance = new();

        public override bool IsRetriableResponse(HttpMessage message) => false;

        public override bool IsRetriableException(Exception exception) => false;

        public override bool IsRetriable(HttpMessage message, Exception exception) => false;
    }
}
