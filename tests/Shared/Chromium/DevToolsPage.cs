using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QcsCloud.Tests.Shared.Chromium;

/// <summary>
/// One browser tab over the DevTools protocol: sends commands, waits for their replies, and records the console
/// messages, uncaught exceptions and log entries (failed loads) that the page produces.
/// </summary>
internal sealed class DevToolsPage : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly string targetId;
    private readonly HttpClient http;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> pending = new();
    private readonly ConcurrentQueue<(string Method, JsonElement Params)> events = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reader;
    private int nextId;

    private DevToolsPage(ClientWebSocket socket, string targetId, HttpClient http)
    {
        this.socket = socket;
        this.targetId = targetId;
        this.http = http;
        reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<DevToolsPage> ConnectAsync(Uri ws, string targetId, HttpClient http, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(ws, ct);
        var page = new DevToolsPage(socket, targetId, http);
        await page.SendAsync("Runtime.enable", null, ct);
        await page.SendAsync("Log.enable", null, ct);
        await page.SendAsync("Page.enable", null, ct);
        return page;
    }

    /// <summary>Console errors/warnings, uncaught exceptions and error log entries seen so far, as readable lines.</summary>
    public IReadOnlyList<string> Problems => events.Select(Describe).OfType<string>().ToList();

    public async Task<JsonElement> SendAsync(string method, object? parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = tcs;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await socket.SendAsync(message, WebSocketMessageType.Text, true, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await using var _ = timeout.Token.Register(() => tcs.TrySetCanceled());
        var reply = await tcs.Task;
        if (reply.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"DevTools {method} failed: {error}");
        return reply.GetProperty("result");
    }

    /// <summary>Navigates and waits for the load event (every image decoded or failed by then).</summary>
    public async Task NavigateAsync(string url, CancellationToken ct)
    {
        var loaded = WaitForEventAsync("Page.loadEventFired", ct);
        var result = await SendAsync("Page.navigate", new { url }, ct);
        if (result.TryGetProperty("errorText", out var err))
            throw new InvalidOperationException($"navigation to {url} failed: {err}");
        await loaded;
    }

    /// <summary>Evaluates a JavaScript expression and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken ct)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, ct);
        if (result.TryGetProperty("exceptionDetails", out var ex))
            throw new InvalidOperationException($"script failed: {ex}");
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? JsonNode.Parse(v.GetRawText()) : null;
    }

    /// <summary>Sets the viewport (CSS pixels); call before navigating so that layout checks see this width.</summary>
    public Task SetViewportAsync(int width, int height, CancellationToken ct) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false }, ct);

    /// <summary>A PNG of the whole page (not just the viewport) at the given CSS width.</summary>
    public async Task<byte[]> ScreenshotFullPageAsync(int width, CancellationToken ct)
    {
        await SetViewportAsync(width, 900, ct);
        var metrics = await SendAsync("Page.getLayoutMetrics", null, ct);
        var size = metrics.GetProperty("cssContentSize");
        var height = (int)Math.Ceiling(size.GetProperty("height").GetDouble());
        var shot = await SendAsync("Page.captureScreenshot", new
        {
            format = "png",
            captureBeyondViewport = true,
            clip = new { x = 0, y = 0, width, height, scale = 1 },
        }, ct);
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private async Task WaitForEventAsync(string method, CancellationToken ct)
    {
        var seen = events.Count(e => e.Method == method);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (events.Count(e => e.Method == method) <= seen)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {method} within 60 s");
            await Task.Delay(20, ct);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var chunk = await socket.ReceiveAsync(buffer, stop.Token);
                if (chunk.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, chunk.Count);
                if (!chunk.EndOfMessage) continue;
                var root = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                if (root.TryGetProperty("id", out var id) && pending.TryRemove(id.GetInt32(), out var tcs))
                    tcs.TrySetResult(root);
                else if (root.TryGetProperty("method", out var method))
                    events.Enqueue((method.GetString()!, root.TryGetProperty("params", out var p) ? p : default));
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        foreach (var tcs in pending.Values) tcs.TrySetException(new InvalidOperationException("DevTools connection closed"));
    }

    private static string? Describe((string Method, JsonElement Params) e) => e.Method switch
    {
        "Runtime.consoleAPICalled" when e.Params.GetProperty("type").GetString() is "error" or "warning" or "assert" =>
            $"console.{e.Params.GetProperty("type").GetString()}: {string.Join(" ", e.Params.GetProperty("args").EnumerateArray().Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.GetProperty("type").GetString()))}",
        "Runtime.exceptionThrown" => $"exception: {e.Params.GetProperty("exceptionDetails")}",
        "Log.entryAdded" when e.Params.GetProperty("entry").GetProperty("level").GetString() is "error" or "warning" =>
            $"log {e.Params.GetProperty("entry").GetProperty("level").GetString()}: {e.Params.GetProperty("entry").GetProperty("text").GetString()} {(e.Params.GetProperty("entry").TryGetProperty("url", out var u) ? u.GetString() : "")}",
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        try { await http.GetAsync($"json/close/{targetId}"); } catch (HttpRequestException) { }
        try { await reader; } catch (Exception) { /* the loop ends on close */ }
        socket.Dispose();
        stop.Dispose();
    }
}
