using System.Reflection;
using System.Runtime.InteropServices;
using QcsCloud.Core;
using TorchSharp;

namespace QcsCloud.Training.Runs;

/// <summary>Builds the <see cref="RunProvenance"/> every checkpoint and metrics file carries.</summary>
public static class ProvenanceFactory
{
    /// <summary>Environment variable that overrides the code commit (the container image sets it at build time).</summary>
    public const string CommitVariable = "QCS_CODE_COMMIT";

    public static RunProvenance Create(TrainingConfig config, IReadOnlyList<string> classNames, string? manifestHash, IReadOnlyList<string> initChain) => new(
        CodeCommit: CodeCommit(),
        Configuration: QcsJson.Serialize(config, indented: false),
        ClassNames: classNames.ToArray(),
        DatasetManifestHash: manifestHash,
        InitChain: initChain.ToArray(),
        PackageVersions: PackageVersions(),
        Hardware: Hardware(config.Threads));

    /// <summary>The commit the build embedded (<c>SourceRevisionId</c>), or <see cref="CommitVariable"/>, or "unknown".</summary>
    public static string CodeCommit()
    {
        if (Environment.GetEnvironmentVariable(CommitVariable) is { Length: > 0 } fromEnvironment) return fromEnvironment;
        var informational = typeof(ProvenanceFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = informational?.IndexOf('+') ?? -1;
        return plus >= 0 ? informational![(plus + 1)..] : "unknown";
    }

    public static IReadOnlyDictionary<string, string> PackageVersions() => new SortedDictionary<string, string>
    {
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["TorchSharp"] = typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["libtorch"] = torch.__version__,
        ["QcsCloud.Training"] = typeof(ProvenanceFactory).Assembly.GetName().Version?.ToString() ?? "unknown",
    };

    public static string Hardware(int threads)
    {
        var device = torch.cuda.is_available() ? $"CUDA x{torch.cuda.device_count()}" : "CPU";
        return $"{device}; {Environment.ProcessorCount} logical cores, {threads} torch threads; {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}";
    }
}
