using System.Text;
using System.Text.Json;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// The signed-in caller as App Service Authentication passes it to the app: header <c>X-MS-CLIENT-PRINCIPAL</c>, base64
/// JSON <c>{"auth_typ", "name_typ", "role_typ", "claims": [{"typ", "val"}]}</c>; the app roles are the claims of type
/// <c>role_typ</c> (<c>roles</c> for Microsoft Entra ID). App Service removes the header from what clients send, so only
/// its own authentication can set it. A caller with a function key and no sign-in (automation) has no principal.
/// </summary>
public sealed record CallerPrincipal(string? Name, IReadOnlySet<string> Roles)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The principal of a header value, or null when it is not base64 JSON of that shape.</summary>
    public static CallerPrincipal? Parse(string header)
    {
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header.Trim())));
            var root = json.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var r) && r.GetString() is { Length: > 0 } rt ? rt : "roles";
            var nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() : null;
            var roles = new HashSet<string>(StringComparer.Ordinal);
            string? name = null;
            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
                foreach (var claim in claims.EnumerateArray())
                {
                    var type = claim.TryGetProperty("typ", out var t) ? t.GetString() : null;
                    var value = claim.TryGetProperty("val", out var v) ? v.GetString() : null;
                    if (value is null) continue;
                    if (type == roleType || type == "roles") roles.Add(value);
                    else if (type == nameType) name ??= value;
                }
            return new CallerPrincipal(name, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
