using System.Diagnostics;

namespace QcsCloud.Trainer.Tests;

/// <summary><c>qcs</c> as a real child process (plain output, Azurite storage), killed and awaited on dispose.</summary>
internal sealed class QcsChild : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder log = new();

    private QcsChild(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;
    public bool Exited => process.HasExited;

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public static QcsChild Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qcs.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["QCS_PLAIN_OUTPUT"] = "1";
        start.Environment["QCS_STORAGE_CONNECTION_STRING"] = TestSetup.Storage;
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return new QcsChild(Process.Start(start)!);
    }

    /// <summary>SIGKILL: no clean-up runs, as when a host or a node dies.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms while the child runs; fails with its log after 60 s or if it exits.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (process.HasExited) Assert.Fail($"qcs exited {process.ExitCode} before {what}:\n{Log}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"qcs did not reach '{what}' in 60 s:\n{Log}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
