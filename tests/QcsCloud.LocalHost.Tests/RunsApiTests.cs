using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.LocalHost.Tests;

/// <summary>The runs API over real HTTP on the local host, for requests that must be refused before any job runs.</summary>
[TestClass]
public sealed class RunsApiTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("HostsApi");

    /// <summary>This class's containers: its runs and reports never meet another test's datasets.</summary>
    private static readonly string Prefix = $"h{Guid.NewGuid():N}"[..12] + "-";
    private static LocalHostProcess host = null!;

    private static BlobContainerClient Container(string name) => new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient(Prefix + name);

    [ClassInitialize]
    public static async Task StartHost(TestContext _) => host = await LocalHostProcess.StartAsync(TaskHub, settings: new Dictionary<string, string>
    {
        ["Qcs__Storage__ContainerPrefix"] = Prefix,
        // A run started here never starts a process: every launch is refused as if capacity were short.
        ["Qcs__Jobs__Local__FailLaunch__Times"] = "1000",
    });

    [ClassCleanup]
    public static async Task StopHost()
    {
        await host.DisposeAsync();
        await TaskHubCleanup.DeleteAsync(TaskHub);
        var blobs = new BlobServiceClient(TestStorage.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: Prefix)) await blobs.DeleteBlobContainerAsync(container.Name);
    }

    [TestMethod]
    public async Task Starting_a_run_answers_our_own_body_with_no_key_and_a_correlation_id()
    {
        var datasets = Container("datasets");
        await datasets.CreateIfNotExistsAsync();
        await datasets.GetBlobClient("rafdb/EmoLabel/list_patition_label.txt").UploadAsync(new BinaryData("train_00001.jpg 1\n"), overwrite: true);
        var runId = $"api-{Guid.NewGuid():N}"[..16];
        using var content = new StringContent($$"""{"runId": "{{runId}}", "datasets": ["rafdb"], "seeds": [1], "fineTuneTargets": []}""", Encoding.UTF8, "application/json");

        using var response = await host.Http.PostAsync("runs", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, text);
        Assert.AreEqual($"/api/runs/{runId}", response.Headers.Location?.OriginalString);
        Assert.IsTrue(response.Headers.Contains("X-Correlation-Id"), response.Headers.ToString());
        using var body = JsonDocument.Parse(text);
        Assert.AreEqual($"runs/{runId}", body.RootElement.GetProperty("statusUri").GetString());
        foreach (var leak in new[] { "code=", "webhooks" })
            Assert.IsFalse((text + response.Headers).Contains(leak, StringComparison.OrdinalIgnoreCase), $"'{leak}' in {text}\n{response.Headers}");
    }

    [TestMethod]
    public async Task The_preview_route_answers_a_grids_jobs_and_whether_it_fits_without_starting_a_run()
    {
        var runId = $"prev-{Guid.NewGuid():N}"[..16];

        var (status, body) = await PostRunAsync($$"""{"runId": "{{runId}}", "modes": ["baseline", "qcs"], "datasets": ["rafdb"], "seeds": [1, 2], "fineTuneTargets": []}""", "runs/preview");

        Assert.AreEqual(HttpStatusCode.OK, status, body.ToString());
        Assert.AreEqual(4, body.GetProperty("trainingJobs").GetInt32(), "2 modes x 1 dataset x 2 seeds");
        Assert.IsTrue(body.GetProperty("fits").GetBoolean(), body.ToString());
        StringAssert.StartsWith(body.GetProperty("estimateBasis").GetString(), "unknown: set epochs", "no steps in the plan: no estimate");
        using var run = await host.Http.GetAsync($"runs/{runId}");
        Assert.AreEqual(HttpStatusCode.NotFound, run.StatusCode, "a preview starts nothing");
    }

    [TestMethod]
    public async Task A_body_over_64_KB_is_refused_with_413()
    {
        var (status, body) = await PostRunAsync(new string(' ', 64 * 1024) + """{"datasets": ["rafdb"]}""");

        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, status, body.ToString());
        StringAssert.Contains(body.GetProperty("error").GetString(), "65536");
    }

    [TestMethod]
    public async Task An_error_carries_the_correlation_id_in_its_body_and_header_and_no_parser_internals()
    {
        using var content = new StringContent("""{"datasets": ["rafdb"], "seeds": "many"}""", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Correlation-Id", "caller-chosen-id-1");

        using var response = await host.Http.PostAsync("runs", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        Assert.AreEqual("caller-chosen-id-1", response.Headers.GetValues("X-Correlation-Id").Single());
        using var body = JsonDocument.Parse(text);
        Assert.AreEqual("caller-chosen-id-1", body.RootElement.GetProperty("correlationId").GetString());
        StringAssert.Contains(text, "seeds");
        Assert.IsFalse(text.Contains("System.", StringComparison.Ordinal) || text.Contains("QcsCloud.", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public async Task A_plan_whose_init_is_on_another_host_is_refused_naming_init_and_the_allowed_host()
    {
        var (status, body) = await PostRunAsync("""{"datasets": ["rafdb"], "seeds": [1], "fineTuneTargets": [], "init": "https://attacker.example.net/weights/ir50.pth"}""");

        Assert.AreEqual(HttpStatusCode.BadRequest, status, body.ToString());
        var problems = string.Join("\n", body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        StringAssert.Contains(problems, "init 'https://attacker.example.net/weights/ir50.pth' is not allowed");
        StringAssert.Contains(problems, "allowed host: 127.0.0.1:10000");
    }

    [TestMethod]
    public async Task Malformed_JSON_is_refused_with_400_and_where_it_broke()
    {
        var (status, body) = await PostRunAsync("{\"datasets\": [\"rafdb\",, }");

        Assert.AreEqual(HttpStatusCode.BadRequest, status, body.ToString());
        StringAssert.Contains(body.GetProperty("error").GetString(), "not a valid RunPlan");
        StringAssert.Contains(body.GetProperty("error").GetString(), "line 1");
    }

    [TestMethod]
    public async Task An_unknown_dataset_and_other_bad_fields_are_all_listed_in_one_400()
    {
        var (status, body) = await PostRunAsync("""{"datasets": ["imagenet"], "seeds": [1, 1], "network": "huge", "fineTuneTargets": []}""");

        Assert.AreEqual(HttpStatusCode.BadRequest, status, body.ToString());
        var problems = body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.IsTrue(problems.Any(p => p.Contains("imagenet")), string.Join("\n", problems));
        Assert.IsTrue(problems.Any(p => p.Contains("seeds")), string.Join("\n", problems));
        Assert.IsTrue(problems.Any(p => p.Contains("huge")), string.Join("\n", problems));
    }

    [TestMethod]
    public async Task A_plan_whose_dataset_was_never_uploaded_is_refused_naming_the_blob_folder()
    {
        var dataset = "generic";   // no test uploads the generic layout
        var (status, body) = await PostRunAsync($$"""{"datasets": ["{{dataset}}"], "seeds": [1], "fineTuneTargets": []}""");

        Assert.AreEqual(HttpStatusCode.BadRequest, status, body.ToString());
        var problems = string.Join("\n", body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        StringAssert.Contains(problems, $"datasets/{dataset}/");
    }

    [TestMethod]
    public async Task An_empty_body_is_refused_with_an_example_plan()
    {
        var (status, body) = await PostRunAsync("");

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body.GetProperty("error").GetString(), "datasets");
    }

    [TestMethod]
    public async Task A_run_id_with_a_path_trick_is_refused_and_an_unknown_run_is_not_found()
    {
        using var tricky = await host.Http.GetAsync("runs/..%2Fsecrets");
        using var unknown = await host.Http.GetAsync("runs/no-such-run");
        using var unknownReport = await host.Http.GetAsync("runs/no-such-run/report");

        Assert.AreEqual(HttpStatusCode.BadRequest, tricky.StatusCode, await tricky.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        StringAssert.Contains(await unknown.Content.ReadAsStringAsync(), "no-such-run");
        Assert.AreEqual(HttpStatusCode.NotFound, unknownReport.StatusCode);
    }

    [TestMethod]
    public async Task A_nested_report_asset_downloads_with_its_content_type()
    {
        var runId = $"asset-{Guid.NewGuid():N}"[..20];
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var reports = Container("reports");
        await reports.CreateIfNotExistsAsync();
        await reports.GetBlobClient($"{runId}/img/confusion-rafdb.png").UploadAsync(new BinaryData(png), overwrite: true);

        using var response = await host.Http.GetAsync($"runs/{runId}/report/img/confusion-rafdb.png");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("image/png", response.Content.Headers.ContentType?.MediaType);
        CollectionAssert.AreEqual(png, await response.Content.ReadAsByteArrayAsync());
    }

    [TestMethod]
    public async Task The_report_route_without_a_path_serves_the_run_report()
    {
        var runId = $"report-{Guid.NewGuid():N}"[..20];
        var reports = Container("reports");
        await reports.CreateIfNotExistsAsync();
        await reports.GetBlobClient($"{runId}/report.md").UploadAsync(new BinaryData("# report"), overwrite: true);

        using var response = await host.Http.GetAsync($"runs/{runId}/report");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("# report", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow("../x")]
    [DataRow("%2e%2e/x")]
    [DataRow("img/../../x")]
    [DataRow("img/%2E%2E/%2e%2e/x")]
    [DataRow("/etc/passwd")]
    [DataRow("%2Fetc%2Fpasswd")]
    [DataRow("img%5C..%5Cx")]
    [DataRow("img/./x.png")]
    public async Task A_report_path_trick_is_refused_with_400(string trick)
    {
        // Sent as raw bytes: HttpClient (System.Uri) would remove the dot segments before sending.
        var (status, body) = await RawGetAsync($"/api/runs/some-run/report/{trick}");

        Assert.AreEqual(400, status, body);
        StringAssert.Contains(body, "not allowed");
    }

    [TestMethod]
    public async Task A_started_run_is_listed_with_its_id()
    {
        // Its own host and container prefix, so the one uploaded dataset blob is seen by no other test; jobs run
        // 'false' (exit 1): the run only has to exist, not to train.
        var prefix = $"ls{Guid.NewGuid():N}"[..12];
        var taskHub = TestStorage.NewTaskHubName("HostsList");
        var service = new Azure.Storage.Blobs.BlobServiceClient(TestStorage.ConnectionString);
        var datasets = service.GetBlobContainerClient($"{prefix}datasets");
        await datasets.CreateIfNotExistsAsync();
        try
        {
            await datasets.GetBlobClient("rafdb/EmoLabel/list_patition_label.txt").UploadAsync(BinaryData.FromString("train_00001.jpg 1\n"), overwrite: true);
            await using var listing = await LocalHostProcess.StartAsync(taskHub, settings: new Dictionary<string, string>
            {
                ["Qcs__Storage__ContainerPrefix"] = prefix,
                ["Qcs__Jobs__Local__TrainerCommand"] = "false",
            });
            var runId = $"listed-{Guid.NewGuid():N}"[..20];
            using var content = new StringContent($$"""{"runId": "{{runId}}", "datasets": ["rafdb"], "seeds": [1], "fineTuneTargets": []}""", Encoding.UTF8, "application/json");
            using var started = await listing.Http.PostAsync("runs", content);
            Assert.AreEqual(HttpStatusCode.Accepted, started.StatusCode, await started.Content.ReadAsStringAsync());

            using var response = await listing.Http.GetAsync("runs");

            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.AreEqual(JsonValueKind.Array, list.RootElement.ValueKind);
            var ids = list.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            CollectionAssert.Contains(ids, runId, list.RootElement.ToString());
        }
        finally
        {
            await foreach (var container in service.GetBlobContainersAsync(prefix: prefix))
                await service.DeleteBlobContainerAsync(container.Name);
            await TaskHubCleanup.DeleteAsync(taskHub);
        }
    }

    private static async Task<(int Status, string Body)> RawGetAsync(string target)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.ApiPort);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var statusLine = text.Split("\r\n", 2)[0];   // HTTP/1.1 400 Bad Request
        return (int.Parse(statusLine.Split(' ')[1]), text);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostRunAsync(string json, string route = "runs")
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync(route, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType, text);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
