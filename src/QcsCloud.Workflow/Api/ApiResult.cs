using QcsCloud.Core;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// What a <see cref="RunsApi"/> handler answers, independent of the web framework: the hosts map it to ASP.NET Core
/// results or to Functions <c>HttpResponseData</c>. Exactly one of <see cref="JsonBody"/>, <see cref="Body"/> or
/// <see cref="RedirectUri"/> is set (or none, for an empty answer). The host disposes <see cref="Body"/>.
/// </summary>
/// <param name="StartedInstanceId">Set on a 202 from start: the Functions host may answer with the standard
/// check-status payload for this instance instead of <see cref="JsonBody"/>.</param>
public sealed record ApiResult(
    int StatusCode,
    string? JsonBody = null,
    Stream? Body = null,
    string? ContentType = null,
    string? RedirectUri = null,
    string? Location = null,
    string? StartedInstanceId = null)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static ApiResult Json(int statusCode, object value, string? location = null) =>
        new(statusCode, QcsJson.Serialize(value), ContentType: JsonContentType, Location: location);

    /// <summary>An error body: <c>{"error": "...", "problems": [...]}</c>.</summary>
    public static ApiResult Error(int statusCode, string error, IReadOnlyList<string>? problems = null) =>
        Json(statusCode, new ApiError(error, problems));

    public static ApiResult Stream(Stream body, string contentType) => new(200, Body: body, ContentType: contentType);

    public static ApiResult Redirect(string uri) => new(302, RedirectUri: uri, Location: uri);
}
