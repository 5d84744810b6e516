using System.Text;
using Microsoft.DurableTask.Client;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// The runs API as both hosts serve it, defined once: the routes (templates below <c>/api/</c>, constants so that the
/// Functions triggers can name them), the request body limit, the dispatch to <see cref="RunsApi"/> and the
/// <c>Location</c> header. The hosts only translate their request and response types.
/// </summary>
public sealed class RunsRoutes(RunsApi runs)
{
    /// <summary>Where the routes live on both hosts.</summary>
    public const string ApiBase = "/api/";

    public const string RunsTemplate = "runs";
    public const string RunTemplate = "runs/{id}";
    public const string CancelTemplate = "runs/{id}/cancel";

    /// <summary>Catch-all: also matches <c>runs/{id}/report</c>; assets sit below it (<c>img/rafdb-pretrain-confusion.png</c>) and RunsApi checks every segment.</summary>
    public const string ReportTemplate = "runs/{id}/report/{*path}";

    /// <summary>A RunPlan is a few hundred bytes; anything near this is a mistake, not a plan.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static RunsRoute Start { get; } = new("StartRun", "POST", RunsTemplate);
    public static RunsRoute List { get; } = new("ListRuns", "GET", RunsTemplate);
    public static RunsRoute Get { get; } = new("GetRun", "GET", RunTemplate);
    public static RunsRoute Cancel { get; } = new("CancelRun", "POST", CancelTemplate);
    public static RunsRoute Report { get; } = new("GetRunReport", "GET", ReportTemplate);

    public static IReadOnlyList<RunsRoute> All { get; } = [Start, List, Get, Cancel, Report];

    /// <summary>Answers one request: reads a start's body (413 past <see cref="MaxBodyBytes"/>), then the <see cref="RunsApi"/> handler of its route.</summary>
    public async Task<ApiResult> AnswerAsync(RunsRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var route = request.Route;
        if (route == Start)
        {
            var (body, tooLarge) = await ReadBodyAsync(request.Body, cancellationToken);
            return tooLarge ?? await runs.StartAsync(client, body, cancellationToken);
        }
        if (route == List) return await runs.ListAsync(client, cancellationToken);
        if (route == Get) return await runs.GetAsync(client, request.Id ?? "", cancellationToken);
        if (route == Cancel) return await runs.CancelAsync(client, request.Id ?? "", cancellationToken);
        if (route == Report) return await runs.GetReportAsync(client, request.Id ?? "", request.Path, cancellationToken);
        throw new ArgumentException($"Route {route.Name} is not a runs route", nameof(request));
    }

    /// <summary>The <c>Location</c> header for a handler's location: absolute URIs (a report SAS) as they are, API paths (<c>runs/{id}</c>) below <see cref="ApiBase"/>.</summary>
    public static string LocationHeader(string location) =>
        location.Contains("://", StringComparison.Ordinal) ? location : ApiBase + location.TrimStart('/');

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
