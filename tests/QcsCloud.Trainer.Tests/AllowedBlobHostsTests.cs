using Azure.Core;
using Azure.Identity;
using QcsCloud.Core;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>
/// The trainer opens blobs only on hosts it was configured for, and refuses any other before a token is requested:
/// a run plan cannot send the job's storage token to a host of its choosing.
/// </summary>
[TestClass]
public sealed class AllowedBlobHostsTests
{
    private const string Account = "qcsdata.blob.core.windows.net";

    [TestMethod]
    public async Task A_foreign_init_host_exits_2_naming_the_host_and_no_token_is_requested()
    {
        var credential = new RecordingCredential();
        var storage = new StorageFolders(connectionString: null, allowedHosts: [Account], credential);
        var output = SyntheticFolders.NewFolder("foreign-init");
        var args = TrainCommandTests.TinyTrain(SyntheticFolders.NewFolder("no-data"), output)
            .Concat(["--init", "https://attacker.example.net/weights/ir50.pth"]).ToArray();

        var result = await RunAsync(storage, args);

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "attacker.example.net");
        StringAssert.Contains(result.Error, Account);
        Assert.AreEqual(0, credential.Requests.Count, "token requested for: " + string.Join(", ", credential.Requests));
    }

    [TestMethod]
    public void Without_a_configured_list_only_the_account_of_the_output_may_be_opened()
    {
        var credential = new RecordingCredential();
        var storage = new StorageFolders(connectionString: null, allowedHosts: null, credential);

        storage.AllowOutput($"https://{Account}/checkpoints/run1/rafdb/pretrain/seed-1/");

        Assert.IsNotNull(storage.Open($"https://{Account}/datasets/weights/"));
        var refused = Assert.ThrowsExactly<ArgumentException>(() => storage.Open("https://other.blob.core.windows.net/datasets/weights/"));
        StringAssert.Contains(refused.Message, "other.blob.core.windows.net");
        Assert.AreEqual(0, credential.Requests.Count);
    }

    [TestMethod]
    public void A_configured_list_is_not_widened_by_the_output()
    {
        var storage = new StorageFolders(connectionString: null, allowedHosts: [Account], new RecordingCredential());

        storage.AllowOutput("https://elsewhere.blob.core.windows.net/checkpoints/x/");

        CollectionAssert.AreEqual(new[] { Account }, storage.AllowedHosts.ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => storage.Open("https://elsewhere.blob.core.windows.net/checkpoints/x/"));
    }

    [TestMethod]
    public async Task Without_a_configured_list_an_argument_error_is_recorded_on_the_account_of_QCS_OUTPUT_URI()
    {
        // The parse fails, so --output is never read: the launcher's QCS_OUTPUT_URI alone names the account.
        var credential = new RecordingCredential();
        var storage = new StorageFolders(connectionString: null, allowedHosts: null, credential);
        var job = new JobContext("run7-rafdb-pretrain-s3", $"https://{Account}/checkpoints/run7/rafdb/pretrain/seed-3/");

        var result = await RunAsync(storage, ["train", "--epochs", "banana"], job);

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        Assert.IsFalse(result.Error.Contains("is not allowed", StringComparison.Ordinal), result.ToString());
        Assert.AreNotEqual(0, credential.Requests.Count, $"the exit record was never attempted on {Account}:\n{result}");
    }

    [TestMethod]
    public async Task A_configured_list_refuses_a_QCS_OUTPUT_URI_on_another_host_before_any_token()
    {
        var credential = new RecordingCredential();
        var storage = new StorageFolders(connectionString: null, allowedHosts: [Account], credential);
        var job = new JobContext("run7-rafdb-pretrain-s3", "https://attacker.example.net/checkpoints/run7/");

        var result = await RunAsync(storage, ["train", "--epochs", "banana"], job);

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "attacker.example.net");
        Assert.AreEqual(0, credential.Requests.Count, "token requested for: " + string.Join(", ", credential.Requests));
    }

    private static async Task<CliRunner.Result> RunAsync(StorageFolders storage, string[] args, JobContext? job = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var services = new CliServices(CliServices.PlainConsole(output), error, storage, Interactive: false, CancellationToken.None) { Job = job ?? new JobContext(null, null) };
        var code = await QcsCli.InvokeAsync(Program.CreateRoot(services), args, services);
        return new CliRunner.Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Records every token request and grants none (a leaked request would fail, and be seen, here).</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Requests { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(string.Join(" ", requestContext.Scopes));
            throw new CredentialUnavailableException("RecordingCredential grants no tokens");
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
