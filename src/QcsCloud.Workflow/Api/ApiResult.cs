using QcsCloud.Core;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// What a <see cref="RunsApi"/> handler answers, independent of the web framework: the hosts map it to ASP.NET Core
/// results or to Functions <c>HttpResponseData</c>. At most one of <see cref="JsonBody"/> and <see cref="Body"/> is set
/// (a redirect has neither, only its <see cref="Location"/>). The host disposes <see cref="Body"/>.
/// </summary>
/// <param name="Location">An absolute URI, or a path relative to the API base (<c>runs/{id}</c>): see <see cref="RunsRoutes.LocationHeader"/>.</param>
/// <param name="CorrelationId">Set by <see cref="RunsRoutes"/>: the hosts send it as <see cref="RunsRoutes.CorrelationHeader"/>.</param>
public sealed record ApiResult(
    int StatusCode,
    string? JsonBody = null,
    Stream? Body = null,
    string? ContentType = null,
    string? Location = null,
    string? CorrelationId = null)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static ApiResult Json(int statusCode, object value, string? location = null) =>
        new(statusCode, QcsJson.Serialize(value), ContentType: JsonContentType, Location: location);

    /// <summary>An error body: <c>{"error": "...", "problems": [...]}</c>.</summary>
    public static ApiResult Error(int statusCode, string error, IReadOnlyList<string>? problems = null) =>
        Json(statusCode, new ApiError(error, problems));

    public static ApiResult Stream(Stream body, string contentType) => new(200, Body: body, ContentType: contentType);

    public static ApiResult Redirect(string uri) => new(302, Location: uri);

    /// <summary>This answer with its correlation id, also written into an error body (<see cref="ApiError.CorrelationId"/>).</summary>
    public ApiResult WithCorrelationId(string correlationId)
    {
        if (StatusCode < 400 || JsonBody is null) return this with { CorrelationId = correlationId };
        var error = QcsJson.Deserialize<ApiError>(JsonBody, "error body");
        return Json(StatusCode, error with { CorrelationId = correlationId }) with { Location = Location, CorrelationId = correlationId };
    }
}
