using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace QcsCloud.Functions.Tests.Support;

/// <summary>An HTTP request of the isolated worker's own types (<see cref="HttpRequestData"/>), as a trigger receives it.</summary>
public sealed class FakeHttpRequest(FunctionContext context, string method, string url, string? body = null, HttpHeadersCollection? headers = null)
    : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
    public override HttpHeadersCollection Headers { get; } = headers ?? [];
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
    public override Uri Url { get; } = new(url);
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method { get; } = method;

    public override HttpResponseData CreateResponse() => new FakeHttpResponse(FunctionContext);
}

/// <summary>The response a trigger builds; its body is kept for reading back.</summary>
public sealed class FakeHttpResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }
    public override HttpHeadersCollection Headers { get; set; } = [];
    public override Stream Body { get; set; } = new MemoryStream();
    public override HttpCookies Cookies { get; } = new NoCookies();

    private sealed class NoCookies : HttpCookies
    {
        public override void Append(string name, string value) { }
        public override void Append(IHttpCookie cookie) { }
        public override IHttpCookie CreateNew() => throw new NotSupportedException();
    }
}

/// <summary>Reading back what a trigger answered.</summary>
public static class HttpResponseDataReading
{
    public static string ReadBody(this HttpResponseData response) => Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());

    /// <summary>Every header as one "name: value" line, for searching.</summary>
    public static string HeaderText(this HttpResponseData response) =>
        string.Join("\n", response.Headers.Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
}
