using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace QcsCloud.Tests.Shared.Chromium;

/// <summary>
/// Debian's headless Chromium, driven over the DevTools protocol (plain WebSocket, no extra packages). One browser per
/// test class; each <see cref="OpenPageAsync"/> opens a fresh tab. The browser gets its own temporary profile and is
/// ended by its process id.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process process;
    private readonly string profile;
    private readonly HttpClient http;

    private HeadlessChromium(Process process, string profile, int port)
    {
        this.process = process;
        this.profile = profile;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static string Executable => Environment.GetEnvironmentVariable("QCS_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<HeadlessChromium> StartAsync(CancellationToken ct)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"Chromium not found at {Executable}: apt-get install chromium (infra/scripts/test.sh does), or set QCS_CHROMIUM");
        var profile = Directory.CreateTempSubdirectory("qcs-chromium-").FullName;
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                     $"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank",
                 })
            psi.ArgumentList.Add(arg);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        // Drain its (dbus-noisy) output so that a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // With port 0 Chromium picks a free port and writes it to <profile>/DevToolsActivePort.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before opening its DevTools port");
            if (File.Exists(portFile) && File.ReadAllLines(portFile) is [var first, ..] && int.TryParse(first, out var port))
                return new HeadlessChromium(process, profile, port);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Chromium did not write {portFile} within 30 s");
            await Task.Delay(50, ct);
        }
    }

    public async Task<DevToolsPage> OpenPageAsync(CancellationToken ct)
    {
        using var response = await http.PutAsync("json/new?about:blank", null, ct);
        response.EnsureSuccessStatusCode();
        var target = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var ws = target.GetProperty("webSocketDebuggerUrl").GetString()!;
        return await DevToolsPage.ConnectAsync(new Uri(ws), target.GetProperty("id").GetString()!, http, ct);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
