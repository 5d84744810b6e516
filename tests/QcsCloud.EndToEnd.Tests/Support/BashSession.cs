using System.Diagnostics;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>
/// Runs documentation blocks one after another as a user pasting them into one terminal would: each block is its own
/// <c>bash</c> process (<c>set -eo pipefail</c>, so any failing command fails the block), started in the directory the
/// previous block ended in, with the shell variables the previous blocks set (exported or not) carried over.
/// </summary>
public sealed class BashSession : IDisposable
{
    private readonly string folder;
    private readonly string workingDirectory;
    private readonly IReadOnlyDictionary<string, string> environment;
    private int count;

    public BashSession(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        folder = Path.Combine(Path.GetTempPath(), $"qcs-docs-{Guid.NewGuid():N}"[..22]);
        Directory.CreateDirectory(folder);
        this.workingDirectory = workingDirectory;
        this.environment = environment;
        File.WriteAllText(Path.Combine(folder, "cwd"), workingDirectory);
        File.WriteAllText(Path.Combine(folder, "vars.sh"), "");
    }

    /// <summary>Exit code, stdout and stderr of one block; the block's variables and directory carry to the next.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Took)> RunAsync(string code, TimeSpan timeout)
    {
        var n = ++count;
        var q = (string name) => "'" + Path.Combine(folder, name) + "'";
        if (n == 1) await BaselineAsync();
        var script = $$"""
            exec >{{q($"{n}.out")}} 2>{{q($"{n}.err")}}
            source {{q("vars.sh")}}
            cd "$(cat {{q("cwd")}})"
            set -eo pipefail
            {{code}}
            set +eo pipefail
            declare -p $(LC_ALL=C comm -13 {{q("baseline")}} <(compgen -v | LC_ALL=C sort)) 2>/dev/null | grep -v '^declare -[a-zA-Z]*r' > {{q("vars.sh")}}
            pwd > {{q("cwd")}}
            exit 0
            """;
        var path = Path.Combine(folder, $"{n}.sh");
        await File.WriteAllTextAsync(path, script);
        var watch = Stopwatch.StartNew();
        var exit = await RunBashAsync(path, timeout);
        return (exit, await File.ReadAllTextAsync(Path.Combine(folder, $"{n}.out")),
            await File.ReadAllTextAsync(Path.Combine(folder, $"{n}.err")), watch.Elapsed);
    }

    /// <summary>The names a fresh script already has (environment and bash's own): everything else is the documents'.</summary>
    private async Task BaselineAsync()
    {
        var path = Path.Combine(folder, "baseline.sh");
        await File.WriteAllTextAsync(path, $"compgen -v | LC_ALL=C sort > '{Path.Combine(folder, "baseline")}'\n");
        var exit = await RunBashAsync(path, TimeSpan.FromSeconds(30));
        if (exit != 0) throw new InvalidOperationException($"bash {path} exited {exit}");
    }

    private async Task<int> RunBashAsync(string script, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return 124;
        }
        return process.ExitCode;
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
