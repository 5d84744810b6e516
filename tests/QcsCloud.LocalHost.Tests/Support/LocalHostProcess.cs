using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace QcsCloud.LocalHost.Tests.Support;

/// <summary>
/// The built local host (<c>QcsCloud.LocalHost.dll</c>) as a child process on free ports, talking to
/// Azurite. <see cref="Kill"/> is SIGKILL: no shutdown code runs, as in a crash.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private LocalHostProcess(Process process, int apiPort)
    {
        this.process = process;
        ApiPort = apiPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/api/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int ApiPort { get; }
    public HttpClient Http { get; }
    public int ProcessId => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>Everything the host wrote to stdout and stderr so far (for assertion messages).</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    public static async Task<LocalHostProcess> StartAsync(
        string taskHubName, int? apiPort = null, IReadOnlyDictionary<string, string>? settings = null,
        bool waitUntilHealthy = true, CancellationToken cancellationToken = default)
    {
        var dll = RepoPaths.BuiltAssembly("QcsCloud.LocalHost", "QcsCloud.LocalHost");
        var port = apiPort ?? FreeTcpPort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["LocalHost__ApiPort"] = port.ToString();
        start.Environment["LocalHost__TaskHubName"] = taskHubName;
        start.Environment["LocalHost__StorageConnectionString"] = TestStorage.ConnectionString;
        start.Environment["QCS_STORAGE_CONNECTION_STRING"] = TestStorage.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The host refuses to start without a trainer command; API-only tests run without a built trainer.
        if (!File.Exists(RepoPaths.TrainerAssemblyPath))
            start.Environment["Qcs__Jobs__Local__TrainerCommand"] = $"dotnet {RepoPaths.TrainerAssemblyPath}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}");
        var host = new LocalHostProcess(process, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitUntilHealthy) await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return host;
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Local host exited with code {process.ExitCode}:\n{Output}");
            try
            {
                using var response = await Http.GetAsync("health", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"Local host not healthy after {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself (for start-up failures) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL the host (and any job processes it started): a crash, not a shutdown.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken = default) =>
        await Http.GetFromJsonAsync<T>(path, Core.QcsJson.Options, cancellationToken)
        ?? throw new InvalidDataException($"GET {path} returned null");

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM first: a graceful stop releases the partition lease for the next class.
            Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit();
            if (!process.WaitForExit(15_000)) process.Kill(entireProcessTree: true);
        }
        Http.Dispose();
        process.Dispose();
        await Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
