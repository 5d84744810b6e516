using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// The runs API as both hosts serve it, defined once: the routes (templates below <c>/api/</c>, constants so that the
/// Functions triggers can name them), the app role each needs, the request body limit, the correlation id, the
/// dispatch to <see cref="RunsApi"/> and the <c>Location</c> header. The hosts only translate their request and
/// response types. Every answer carries <see cref="CorrelationHeader"/>; error bodies carry it too, with a short
/// message: details (exceptions, parser and ARM texts) go to the log under the same id.
/// </summary>
public sealed class RunsRoutes(RunsApi runs, ILogger<RunsRoutes> logger)
{
    /// <summary>Where the routes live on both hosts.</summary>
    public const string ApiBase = "/api/";

    public const string RunsTemplate = "runs";
    public const string RunTemplate = "runs/{id}";
    public const string CancelTemplate = "runs/{id}/cancel";
    public const string PreviewTemplate = "runs/preview";

    /// <summary>Catch-all: also matches <c>runs/{id}/report</c>; assets sit below it (<c>img/rafdb-pretrain-confusion.png</c>) and RunsApi checks every segment.</summary>
    public const string ReportTemplate = "runs/{id}/report/{*path}";

    /// <summary>A RunPlan is a few hundred bytes: a body over 64 KB is refused with 413 on both hosts.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Request and response header with the id that ties an answer to its log lines (a caller may send its own).</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    public static RunsRoute Start { get; } = new("StartRun", "POST", RunsTemplate, ApiRoles.Submit);
    public static RunsRoute List { get; } = new("ListRuns", "GET", RunsTemplate, ApiRoles.Read);
    public static RunsRoute Get { get; } = new("GetRun", "GET", RunTemplate, ApiRoles.Read);
    public static RunsRoute Cancel { get; } = new("CancelRun", "POST", CancelTemplate, ApiRoles.Submit);
    public static RunsRoute Report { get; } = new("GetRunReport", "GET", ReportTemplate, ApiRoles.Read);
    public static RunsRoute Preview { get; } = new("PreviewRun", "POST", PreviewTemplate, ApiRoles.Read);

    public static IReadOnlyList<RunsRoute> All { get; } = [Start, List, Get, Cancel, Report, Preview];

    /// <summary>
    /// Answers one request: the caller's role (a signed-in caller needs the route's app role; a caller without a principal
    /// came through a function key), a start's body (413 past <see cref="MaxBodyBytes"/>), then the <see cref="RunsApi"/>
    /// handler. An unexpected exception is logged and answered 500 with the correlation id only.
    /// </summary>
    public async Task<ApiResult> AnswerAsync(RunsRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var correlationId = CorrelationIdOf(request.CorrelationId);
        var route = request.Route;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId, ["Route"] = route.Name });
        ApiResult result;
        try
        {
            result = Refusal(request) ?? await DispatchAsync(request, client, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "{Method} {Template} failed ({CorrelationId})", route.Method, route.Template, correlationId);
            result = ApiResult.Error(500, "The request failed inside the API; the log holds the details under this correlation id.");
        }
        if (result.StatusCode >= 400)
            logger.LogInformation("{Method} {Template} answered {StatusCode} ({CorrelationId}): {Body}",
                route.Method, route.Template, result.StatusCode, correlationId, result.JsonBody);
        return result.WithCorrelationId(correlationId);
    }

    /// <summary>The <c>Location</c> header for a handler's location: absolute URIs (a report SAS) as they are, API paths (<c>runs/{id}</c>) below <see cref="ApiBase"/>.</summary>
    public static string LocationHeader(string location) =>
        location.Contains("://", StringComparison.Ordinal) ? location : ApiBase + location.TrimStart('/');

    private async Task<ApiResult> DispatchAsync(RunsRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var route = request.Route;
        if (route == Start || route == Preview)
        {
            var (body, tooLarge) = await ReadBodyAsync(request.Body, cancellationToken);
            return tooLarge ?? (route == Start ? await runs.StartAsync(client, body, cancellationToken) : await runs.PreviewAsync(body, cancellationToken));
        }
        if (route == List) return await runs.ListAsync(client, cancellationToken);
        if (route == Get) return await runs.GetAsync(client, request.Id ?? "", cancellationToken);
        if (route == Cancel) return await runs.CancelAsync(client, request.Id ?? "", cancellationToken);
        if (route == Report) return await runs.GetReportAsync(client, request.Id ?? "", request.Path, cancellationToken);
        throw new ArgumentException($"Route {route.Name} is not a runs route", nameof(request));
    }

    /// <summary>403 for a signed-in caller without the route's role (<see cref="ApiRoles.Submit"/> also reads); null to go on.</summary>
    private static ApiResult? Refusal(RunsRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ClientPrincipal)) return null;
        var route = request.Route;
        var what = $"{route.Method} {ApiBase}{route.Template}";
        if (CallerPrincipal.Parse(request.ClientPrincipal) is not { } caller)
            return ApiResult.Error(403, $"The {CallerPrincipal.Header} header is not readable: {what} is refused.");
        var allowed = route.Role == ApiRoles.Read ? caller.Roles.Contains(ApiRoles.Read) || caller.Roles.Contains(ApiRoles.Submit) : caller.Roles.Contains(route.Role);
        return allowed ? null : ApiResult.Error(403, $"{what} needs the app role '{route.Role}', which {caller.Name ?? "this caller"} does not have.");
    }

    /// <summary>The caller's id when it is a short token of letters, digits, '.', '_' and '-'; else a new one.</summary>
    private static string CorrelationIdOf(string? given) =>
        given is { Length: > 0 and <= 64 } && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? given
            : Guid.NewGuid().ToString("N");

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> + 1 bytes, whatever the declared length says (chunked bodies have none).</summary>
    private static async Task<(string Body, ApiResult? TooLarge)> ReadBodyAsync(Stream? body, CancellationToken cancellationToken)
    {
        if (body is null) return ("", null);
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        if (read > MaxBodyBytes)
            return ("", ApiResult.Error(413, $"POST {ApiBase}{RunsTemplate} body is over {MaxBodyBytes} bytes; a RunPlan is a few hundred."));
        using var reader = new StreamReader(new MemoryStream(buffer, 0, read), Encoding.UTF8);
        return (await reader.ReadToEndAsync(cancellationToken), null);
    }
}
