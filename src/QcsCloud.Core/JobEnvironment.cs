namespace QcsCloud.Core;

/// <summary>What a launcher tells the trainer through its environment, beyond the <c>qcs</c> arguments.</summary>
public static class JobEnvironment
{
    /// <summary>
    /// The blob hosts (<c>host</c> or <c>host:port</c>, comma-separated) the trainer may open: any other blob URI is refused
    /// before a credential is asked for a token. Launchers set it to the deployment's account; unset, the trainer allows
    /// only the account of its <c>--output</c>.
    /// </summary>
    public const string AllowedBlobHosts = "QCS_ALLOWED_BLOB_HOSTS";

    /// <summary>The <c>host[:port]</c> of an http(s) URI (lower case; the default port omitted), null for anything else (a local path).</summary>
    public static string? BlobHost(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.Authority.ToLowerInvariant()
            : null;
}
