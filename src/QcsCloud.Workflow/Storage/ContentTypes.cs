using QcsCloud.Workflow.Api;

namespace QcsCloud.Workflow.Storage;

/// <summary>The one map from a report file's name to its content type: used when blobs are written and when the API serves them.</summary>
public static class ContentTypes
{
    public static string ForName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        ".json" => ApiResult.JsonContentType,
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".svg" => "image/svg+xml",
        ".csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    };
}
