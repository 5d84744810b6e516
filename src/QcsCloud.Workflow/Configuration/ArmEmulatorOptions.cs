namespace QcsCloud.Workflow.Configuration;

/// <summary>
/// Section <c>Qcs:Jobs:ContainerApps:Emulator</c>: send the Container Apps launcher's ARM calls to the Container Apps
/// jobs emulator (tests, local mode's "Azure-like" launcher) instead of Azure: its endpoint, the fixed bearer token it
/// accepts, and the SHA-256 thumbprint of its self-signed TLS certificate (pinned; Azure.Core sends tokens over HTTPS only).
/// </summary>
public sealed class ArmEmulatorOptions
{
    public Uri? Endpoint { get; set; }

    public string Token { get; set; } = "emulator-token";

    public string? CertificateThumbprint { get; set; }
}
