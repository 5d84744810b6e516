using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Workflow.Launchers;

/// <summary>The <see cref="ArmClient"/> for the Container Apps jobs emulator: its endpoint, its test token, its pinned certificate.</summary>
public static class ArmClientFactory
{
    public static ArmClient ForEmulator(ArmEmulatorOptions emulator)
    {
        var endpoint = emulator.Endpoint ?? throw new ArgumentException("Qcs:Jobs:ContainerApps:Emulator:Endpoint is not set.");
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (certificate is not null && emulator.CertificateThumbprint is { Length: > 0 } pinned
                    && certificate.GetCertHashString(HashAlgorithmName.SHA256).Equals(pinned, StringComparison.OrdinalIgnoreCase)),
        };
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(endpoint, endpoint.AbsoluteUri),
            Transport = new HttpClientTransport(new HttpClient(handler)),
        };
        return new ArmClient(new StaticTokenCredential(emulator.Token), default, options);
    }

    /// <summary>A credential that hands out one fixed token (the emulator's).</summary>
    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
