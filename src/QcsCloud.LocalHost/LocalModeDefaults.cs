namespace QcsCloud.LocalHost;

/// <summary>
/// Settings local mode needs that the workflow's own defaults (made for Azure) do not give: Azurite storage,
/// the built <c>qcs</c> as the job command, and second-scale polling instead of minutes. Only keys the user
/// left unset are filled, so appsettings, environment and command line still win.
/// </summary>
public static class LocalModeDefaults
{
    public static IEnumerable<KeyValuePair<string, string?>> For(IConfiguration configuration, LocalHostOptions options)
    {
        var connection = options.ResolveConnectionString();
        var defaults = new Dictionary<string, string?>
        {
            ["Qcs:Jobs:Kind"] = "LocalProcess",
            ["Qcs:Jobs:Local:Environment:QCS_STORAGE_CONNECTION_STRING"] = connection,
            ["Qcs:Workflow:PollInterval"] = "00:00:02",
            ["Qcs:Workflow:RetryBaseDelay"] = "00:00:05",
            ["Qcs:Workflow:RetryMaxDelay"] = "00:01:00",
            ["Qcs:Workflow:CapacityWait"] = "00:00:10",
            // A local slot frees when a job ends: minutes of waiting, not the hours Azure capacity may take.
            ["Qcs:Workflow:CapacityBudget"] = "00:30:00",
        };
        if (configuration["Qcs:Storage:ConnectionString"] is null && configuration["Qcs:Storage:AccountName"] is null)
            defaults["Qcs:Storage:ConnectionString"] = connection;
        if (FindTrainerAssembly() is { } qcs) defaults["Qcs:Jobs:Local:TrainerCommand"] = $"dotnet {qcs}";
        return defaults.Where(d => configuration[d.Key] is null);
    }

    /// <summary>
    /// The <c>qcs.dll</c> built beside this host in the repository (<c>src/QcsCloud.Trainer/bin/&lt;config&gt;/net10.0/</c>),
    /// same configuration first; <c>QCS_TRAINER_DLL</c> overrides.
    /// </summary>
    public static string? FindTrainerAssembly()
    {
        if (Environment.GetEnvironmentVariable("QCS_TRAINER_DLL") is { Length: > 0 } explicitPath) return Path.GetFullPath(explicitPath);
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDir.Parent?.Name;                     // .../bin/<config>/net10.0
        var srcDir = baseDir.Parent?.Parent?.Parent?.Parent;           // .../src
        if (srcDir is null) return null;
        var trainerBin = Path.Combine(srcDir.FullName, "QcsCloud.Trainer", "bin");
        return new[] { configuration, "Release", "Debug" }
            .Where(c => c is not null)
            .Select(c => Path.Combine(trainerBin, c!, "net10.0", "qcs.dll"))
            .FirstOrDefault(File.Exists);
    }
}
