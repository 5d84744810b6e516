using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace QcsCloud.ContainerAppsEmulator;

/// <summary>
/// The Azure Resource Manager operations of <c>Microsoft.App/jobs</c> that the Container Apps launcher uses, as the
/// <c>Microsoft.App</c> REST specification (Jobs.json) documents them, served over HTTPS on 127.0.0.1:
/// <c>GET {job}</c>; <c>POST {job}/start</c> (body: a <c>JobExecutionTemplate</c>; 202 + <c>Location</c> and
/// <c>Azure-AsyncOperation</c>, or 200 <c>{name, id}</c>); <c>GET {job}/executions</c> (pageable, <c>nextLink</c>);
/// <c>GET {job}/executions/{name}</c>; <c>POST {job}/executions/{name}/stop</c>; the start operation's Location and
/// status. Every request needs <c>api-version</c> and the bearer token of <see cref="EmulatorOptions.Token"/>.
/// Executions are real processes (<see cref="EmulatedExecution"/>); <see cref="Faults"/> injects refusals,
/// slow starts, preemptions and denials. HTTPS because Azure.Core refuses to send a bearer token over plain HTTP:
/// the certificate is self-signed, clients pin <see cref="CertificateThumbprint"/>.
/// </summary>
public sealed class ContainerAppsJobsEmulator : IAsyncDisposable
{
    private const string JobRoute = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{job}";
    private readonly EmulatorOptions options;
    private readonly ConcurrentDictionary<string, EmulatedExecution> executions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (EmulatedExecution Execution, DateTimeOffset DoneUtc)> operations = new();
    private readonly X509Certificate2 certificate = SelfSignedCertificate.Create("127.0.0.1");
    private WebApplication? app;

    public ContainerAppsJobsEmulator(EmulatorOptions options) => this.options = options;

    public EmulatorFaults Faults => options.Faults;

    /// <summary><c>https://127.0.0.1:{port}/</c> once started: the ARM endpoint clients are given.</summary>
    public Uri Endpoint { get; private set; } = new("https://127.0.0.1/");

    /// <summary>SHA-256 thumbprint (hex) of the self-signed certificate the client pins.</summary>
    public string CertificateThumbprint => certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

    public string Token => options.Token;

    /// <summary>Every execution ever started, oldest first.</summary>
    public IReadOnlyList<EmulatedExecution> Executions => executions.Values.OrderBy(e => e.StartTime).ToList();

    /// <summary>The executions whose template passes <paramref name="jobName"/> as <c>QCS_JOB_NAME</c>.</summary>
    public IReadOnlyList<EmulatedExecution> ExecutionsOf(string jobName) =>
        Executions.Where(e => e.Env("QCS_JOB_NAME") == jobName).ToList();

    /// <summary>The ARM id of one of the configured jobs, in a fixed test subscription and resource group.</summary>
    public static string JobId(string job) =>
        $"/subscriptions/00000000-0000-0000-0000-0000000000e1/resourceGroups/qcs-emulator/providers/Microsoft.App/jobs/{job}";

    public async Task StartAsync(ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port, l => l.UseHttps(certificate)));
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (Refusal(context) is { } refusal) { await refusal.ExecuteAsync(context); return; }
            await next(context);
        });
        app.MapGet(JobRoute, (HttpContext c, string job) => KnownJob(c, job) is { } id ? Results.Json(JobJson(id, job)) : UnknownJob(job));
        app.MapPost(JobRoute + "/start", async (HttpContext c, string job) => KnownJob(c, job) is { } id ? await StartAsync(c, id) : UnknownJob(job));
        app.MapGet(JobRoute + "/executions", (HttpContext c, string job) => KnownJob(c, job) is { } id ? List(c, id) : UnknownJob(job));
        app.MapGet(JobRoute + "/executions/{name}", (HttpContext c, string job, string name) =>
            KnownJob(c, job) is not { } id ? UnknownJob(job) : Find(id, name) is { } e ? Results.Json(e.ToJson()) : NotFound(name));
        app.MapPost(JobRoute + "/executions/{name}/stop", (HttpContext c, string job, string name) =>
        {
            if (KnownJob(c, job) is not { } id) return UnknownJob(job);
            if (Find(id, name) is not { } e) return NotFound(name);
            _ = e.StopAsync(options.TerminationGrace);
            return Results.Ok(new JsonObject { ["id"] = e.Id, ["name"] = e.Name });
        });
        app.MapGet("/subscriptions/{sub}/providers/Microsoft.App/locations/{location}/containerappOperationResults/{op}", (string op) =>
            operations.TryGetValue(op, out var o)
                ? DateTimeOffset.UtcNow < o.DoneUtc ? Results.StatusCode(202) : Results.Json(new JsonObject { ["id"] = o.Execution.Id, ["name"] = o.Execution.Name })
                : NotFound(op));
        app.MapGet("/subscriptions/{sub}/providers/Microsoft.App/locations/{location}/containerappOperationStatuses/{op}", (string op) =>
            operations.TryGetValue(op, out var o)
                ? Results.Json(new JsonObject { ["name"] = op, ["status"] = DateTimeOffset.UtcNow < o.DoneUtc ? "InProgress" : "Succeeded" })
                : NotFound(op));
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        Endpoint = new Uri($"https://127.0.0.1:{port}/");
    }

    /// <summary>Stops the server and kills every replica still running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        await Task.WhenAll(executions.Values.Select(e => e.StopAsync(TimeSpan.Zero)));
        certificate.Dispose();
    }

    /// <summary>Missing api-version (400), a bad or missing bearer token (401), or an injected denial.</summary>
    private IResult? Refusal(HttpContext context)
    {
        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
            return Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {options.Token}")
            return Error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or invalid.");
        return options.Faults.DenyStatus switch
        {
            401 => Error(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time."),
            int status => Error(status, "AuthorizationFailed",
                "The client does not have authorization to perform action 'Microsoft.App/jobs/start/action' over this scope."),
            null => null,
        };
    }

    /// <summary>The job's ARM id as the request spelled it, or null when the emulator has no job of that name.</summary>
    private string? KnownJob(HttpContext context, string job)
    {
        if (!options.Jobs.Contains(job, StringComparer.OrdinalIgnoreCase)) return null;
        var path = context.Request.Path.Value!;
        return path[..(path.IndexOf("/jobs/", StringComparison.OrdinalIgnoreCase) + "/jobs/".Length + job.Length)];
    }

    private static IResult UnknownJob(string job) => Error(404, "ResourceNotFound", $"The Resource 'Microsoft.App/jobs/{job}' was not found.");

    private async Task<IResult> StartAsync(HttpContext context, string jobId)
    {
        JsonObject template;
        try
        {
            template = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException e)
        {
            return Error(400, "InvalidRequestContent", $"The request content was invalid: {e.Message}");
        }
        if (template["containers"] is not JsonArray { Count: > 0 })
            return Error(400, "JobExecutionTemplateInvalid", "The template override must name at least one container.");

        var faults = options.Faults;
        var failure = faults.TakeStartFailure();
        if (!failure && executions.Values.Count(e => e.IsLive) >= options.MaxRunningExecutions)
            return Error(429, "TooManyRequests", $"At most {options.MaxRunningExecutions} executions may run at once.");
        if (failure && !faults.StartFailureCreatesExecution)
            return Error(faults.StartFailureStatus, "InternalServerError", "Injected start failure (no execution created).");

        var execution = Create(jobId, template);
        if (failure) return Error(faults.StartFailureStatus, "InternalServerError", "Injected start failure (the execution was created).");
        if (faults.StartAnswersOk) return Results.Json(new JsonObject { ["id"] = execution.Id, ["name"] = execution.Name });

        var op = Guid.NewGuid().ToString("N");
        operations[op] = (execution, DateTimeOffset.UtcNow + faults.SlowStart);
        var root = $"{Endpoint.AbsoluteUri.TrimEnd('/')}/subscriptions/{jobId.Split('/')[2]}/providers/Microsoft.App/locations/local";
        var version = context.Request.Query["api-version"];
        context.Response.Headers.Location = $"{root}/containerappOperationResults/{op}?api-version={version}";
        context.Response.Headers["Azure-AsyncOperation"] = $"{root}/containerappOperationStatuses/{op}?api-version={version}";
        context.Response.Headers.RetryAfter = "1";
        return Results.StatusCode(202);
    }

    private EmulatedExecution Create(string jobId, JsonObject template)
    {
        var job = jobId[(jobId.LastIndexOf('/') + 1)..];
        var name = $"{job}-{Guid.NewGuid().ToString("N")[..7]}";
        var execution = new EmulatedExecution(jobId, name, template, DateTimeOffset.UtcNow);
        executions[name] = execution;
        execution.Launch(options, options.Faults.SlowStart);
        if (options.Faults.TakePreemption())
        {
            var after = options.Faults.SlowStart + options.Faults.PreemptAfter;
            _ = Task.Delay(after).ContinueWith(_ => execution.StopAsync(options.TerminationGrace), TaskScheduler.Default);
        }
        return execution;
    }

    private IResult List(HttpContext context, string jobId)
    {
        var all = executions.Values.Where(e => e.JobId.Equals(jobId, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.StartTime).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var s) ? s : 0;
        var page = all.Skip(skip).Take(options.PageSize).ToList();
        var body = new JsonObject { ["value"] = new JsonArray(page.Select(e => (JsonNode)e.ToJson()).ToArray()) };
        if (skip + page.Count < all.Count)
            body["nextLink"] = $"{Endpoint.AbsoluteUri.TrimEnd('/')}{jobId}/executions?api-version={context.Request.Query["api-version"]}&$skiptoken={skip + page.Count}";
        return Results.Json(body);
    }

    private EmulatedExecution? Find(string jobId, string name) =>
        executions.TryGetValue(name, out var e) && e.JobId.Equals(jobId, StringComparison.OrdinalIgnoreCase) ? e : null;

    private JsonObject JobJson(string id, string job) => new()
    {
        ["id"] = id,
        ["name"] = job,
        ["type"] = "Microsoft.App/jobs",
        ["location"] = "local",
        ["properties"] = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["configuration"] = new JsonObject
            {
                ["triggerType"] = "Manual",
                ["replicaTimeout"] = (int)options.ReplicaTimeout.TotalSeconds,
                ["replicaRetryLimit"] = 0,
            },
        },
    };

    private static IResult NotFound(string name) => Error(404, "ResourceNotFound", $"'{name}' was not found.");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);
}
