using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace QcsCloud.Workflow.Tests.Support;

/// <summary>
/// An <see cref="HttpPipelineTransport"/> for ArmClient that answers from a queue of canned responses and records every
/// request (method, URI, headers, body), so tests can check the exact ARM calls without reaching Azure.
/// </summary>
public sealed class RecordingArmTransport : HttpClientTransport
{
    private readonly Handler handler;

    public RecordingArmTransport() : this(new Handler()) { }

    private RecordingArmTransport(Handler handler) : base(new HttpClient(handler)) => this.handler = handler;

    public IReadOnlyList<RecordedRequest> Requests => handler.Requests;

    public void Respond(HttpStatusCode status, string? json = null, string? location = null) =>
        handler.Responses.Enqueue((status, json, location));

    public sealed record RecordedRequest(string Method, string Uri, string? Authorization, string? Body);

    private sealed class Handler : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];
        public Queue<(HttpStatusCode Status, string? Json, string? Location)> Responses { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new(request.Method.Method, request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString(), body));
            if (Responses.Count == 0) throw new InvalidOperationException($"Unexpected ARM request {request.Method} {request.RequestUri}");
            var (status, json, location) = Responses.Dequeue();
            var response = new HttpResponseMessage(status) { Content = new StringContent(json ?? "", System.Text.Encoding.UTF8, "application/json") };
            if (location is not null) response.Headers.Location = new Uri(location);
            return response;
        }
    }
}

/// <summary>A credential that hands out a fixed token (the fake transport checks it arrives as a Bearer header).</summary>
public sealed class FixedTokenCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("test-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
