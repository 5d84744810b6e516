using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core.Serialization;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QcsCloud.Functions.Tests.Support;
using QcsCloud.Workflow;

namespace QcsCloud.Functions.Tests;

/// <summary>
/// The HTTP triggers called in-process with the isolated worker's own HTTP types, over the real workflow services and
/// Azurite (containers under a per-class prefix): what a caller of the Azure API gets back.
/// </summary>
[TestClass]
public sealed class RunsHttpFunctionsTests
{
    private const string SystemKey = "durable-system-key-0123456789";
    private static readonly string Prefix = $"fn{Guid.NewGuid():N}"[..12] + "-";
    private static ServiceProvider services = null!;

    private static string Storage => Environment.GetEnvironmentVariable("QCS_TEST_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

    [ClassInitialize]
    public static async Task StartServices(TestContext _)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Qcs:Storage:ConnectionString"] = Storage,
            ["Qcs:Storage:ContainerPrefix"] = Prefix,
            ["Qcs:Jobs:Kind"] = "LocalProcess",
            ["Qcs:Jobs:Local:TrainerCommand"] = "qcs",
        }).Build();
        services = new ServiceCollection().AddLogging().AddQcsWorkflow(configuration)
            .Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer())
            .BuildServiceProvider();
        var datasets = new BlobServiceClient(Storage).GetBlobContainerClient(Prefix + "datasets");
        await datasets.CreateIfNotExistsAsync();
        await datasets.GetBlobClient("rafdb/EmoLabel/list_patition_label.txt").UploadAsync(new BinaryData("train_00001.jpg 1\n"), overwrite: true);
    }

    [ClassCleanup]
    public static async Task DeleteContainers()
    {
        var blobs = new BlobServiceClient(Storage);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: Prefix)) await blobs.DeleteBlobContainerAsync(container.Name);
        await services.DisposeAsync();
    }

    [TestMethod]
    public async Task Starting_a_run_answers_our_own_body_and_never_the_durable_system_key()
    {
        var runId = $"fn-{Guid.NewGuid():N}"[..16];
        var stub = new StubDurableClient();
        var client = stub.AsFunctionsBinding($"taskHub=qcs&connection=Storage&code={SystemKey}", "https://qcs.example.net/runtime/webhooks/durabletask");

        var response = await Functions().StartRun(
            Request("POST", "runs", $$"""{"runId": "{{runId}}", "datasets": ["rafdb"], "seeds": [1], "fineTuneTargets": []}"""),
            client, Context());

        var body = response.ReadBody();
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, body);
        foreach (var leak in new[] { SystemKey, "code=", "webhooks/durabletask" })
        {
            Assert.IsFalse(body.Contains(leak, StringComparison.OrdinalIgnoreCase), $"body carries '{leak}': {body}");
            Assert.IsFalse(response.HeaderText().Contains(leak, StringComparison.OrdinalIgnoreCase), $"headers carry '{leak}': {response.HeaderText()}");
        }
        CollectionAssert.AreEqual(new[] { runId }, stub.Scheduled);
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual(runId, json.RootElement.GetProperty("id").GetString());
        Assert.AreEqual($"runs/{runId}/cancel", json.RootElement.GetProperty("cancelUri").GetString());
        Assert.AreEqual($"/api/runs/{runId}", response.Headers.GetValues("Location").Single());
    }

    [TestMethod]
    public async Task A_body_over_64_KB_is_refused_with_413_and_a_correlation_id()
    {
        var body = new string(' ', 64 * 1024) + """{"datasets": ["rafdb"]}""";

        var response = await Functions().StartRun(Request("POST", "runs", body), new StubDurableClient(), Context());

        var text = response.ReadBody();
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode, text);
        StringAssert.Contains(text, "65536");
        AssertCorrelated(response, text);
    }

    [TestMethod]
    public async Task An_unexpected_error_answers_500_with_a_correlation_id_and_no_details()
    {
        var stub = new StubDurableClient { Failure = new InvalidOperationException("storage said: AccountKey=secret-in-a-message") };

        var response = await Functions().GetRun(Request("GET", "runs/some-run"), "some-run", stub, Context());

        var text = response.ReadBody();
        Assert.AreEqual(HttpStatusCode.InternalServerError, response.StatusCode, text);
        Assert.IsFalse(text.Contains("secret", StringComparison.Ordinal), text);
        Assert.IsFalse(text.Contains("InvalidOperationException", StringComparison.Ordinal), text);
        AssertCorrelated(response, text);
    }

    [TestMethod]
    public async Task A_signed_in_caller_needs_the_app_role_of_the_route_and_a_key_caller_needs_none()
    {
        var reader = Principal("Runs.Read");
        var nobody = Principal();

        var readerStarts = await Functions().StartRun(Request("POST", "runs", "{}", reader), new StubDurableClient(), Context());
        var readerReads = await Functions().GetRun(Request("GET", "runs/no-such-run", headers: reader), "no-such-run", new StubDurableClient(), Context());
        var nobodyReads = await Functions().GetRun(Request("GET", "runs/no-such-run", headers: nobody), "no-such-run", new StubDurableClient(), Context());
        var keyCallerReads = await Functions().GetRun(Request("GET", "runs/no-such-run"), "no-such-run", new StubDurableClient(), Context());

        Assert.AreEqual(HttpStatusCode.Forbidden, readerStarts.StatusCode, readerStarts.ReadBody());
        StringAssert.Contains(readerStarts.ReadBody(), "Runs.Submit");
        Assert.AreEqual(HttpStatusCode.NotFound, readerReads.StatusCode, readerReads.ReadBody());
        Assert.AreEqual(HttpStatusCode.Forbidden, nobodyReads.StatusCode, nobodyReads.ReadBody());
        StringAssert.Contains(nobodyReads.ReadBody(), "Runs.Read");
        Assert.AreEqual(HttpStatusCode.NotFound, keyCallerReads.StatusCode, keyCallerReads.ReadBody());
    }

    private static void AssertCorrelated(HttpResponseData response, string body)
    {
        Assert.IsTrue(response.Headers.TryGetValues("X-Correlation-Id", out var values), response.HeaderText());
        var header = values.Single();
        Assert.IsFalse(string.IsNullOrWhiteSpace(header));
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual(header, json.RootElement.GetProperty("correlationId").GetString());
    }

    /// <summary>App Service Authentication's <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON of the signed-in caller's claims.</summary>
    private static HttpHeadersCollection Principal(params string[] roles)
    {
        var claims = roles.Select(r => new { typ = "roles", val = r })
            .Prepend(new { typ = "name", val = "someone@example.net" });
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return new HttpHeadersCollection { { "X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) } };
    }

    private static RunsHttpFunctions Functions() => ActivatorUtilities.CreateInstance<RunsHttpFunctions>(services);

    private static FakeFunctionContext Context() => new(services);

    private static FakeHttpRequest Request(string method, string path, string? body = null, HttpHeadersCollection? headers = null) =>
        new(Context(), method, $"https://qcs.example.net/api/{path}", body, headers);
}
