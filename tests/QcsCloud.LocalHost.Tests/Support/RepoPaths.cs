namespace QcsCloud.LocalHost.Tests.Support;

/// <summary>Finds the repository root and the build outputs of sibling projects in the same configuration.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>Where the built <c>qcs.dll</c> is (or would be) in this configuration; <c>QCS_TRAINER_DLL</c> overrides, as for the host.</summary>
    public static string TrainerAssemblyPath =>
        Environment.GetEnvironmentVariable("QCS_TRAINER_DLL") is { Length: > 0 } explicitPath
            ? Path.GetFullPath(explicitPath)
            : Path.Combine(Root, "src", "QcsCloud.Trainer", "bin", Configuration, "net10.0", "qcs.dll");

    /// <summary><c>src/&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;assembly&gt;.dll</c>, which must have been built.</summary>
    public static string BuiltAssembly(string project, string assembly)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is missing: build it first (dotnet build src/{project} -c {Configuration}).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QcsCloud.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No QcsCloud.sln above {AppContext.BaseDirectory}");
    }
}
