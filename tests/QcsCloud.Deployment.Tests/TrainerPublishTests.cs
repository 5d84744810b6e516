using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// Runs the CPU image's build-stage command (<c>dotnet publish</c>, read from the Dockerfile, output redirected to a
/// temporary folder) and checks the layout the final stage copies and starts: the image's content, proven here.
/// </summary>
[TestClass]
public sealed class TrainerPublishTests
{
    private static DirectoryInfo? scratch;
    private static string app = "";
    private static ProcessResult publish = null!;
    private static Dockerfile dockerfile = null!;

    [ClassInitialize]
    public static void PublishLikeTheCpuImage(TestContext _)
    {
        dockerfile = DockerfileTests.Load(DockerfileTests.Cpu);
        scratch = Directory.CreateTempSubdirectory("qcs-publish-");
        app = Path.Combine(scratch.FullName, "app");
        var arguments = dockerfile.PublishArguments.Select(a => a == dockerfile.PublishOutput ? app : a).ToList();
        // The child is a fresh CLI: drop what `dotnet test` exported for its own MSBuild.
        publish = ToolProcess.Run("dotnet", ["publish", .. arguments, "-nologo"], RepositoryPaths.Root, TimeSpan.FromMinutes(10),
            new Dictionary<string, string?> { ["MSBuildExtensionsPath"] = null, ["MSBuildSDKsPath"] = null, ["MSBUILD_EXE_PATH"] = null });
    }

    private static void RequirePublished()
    {
        Assert.AreEqual(0, publish.ExitCode, $"the publish step of {DockerfileTests.Cpu} failed:\n{publish}");
        Assert.IsTrue(Directory.Exists(app), publish.ToString());
    }

    [ClassCleanup]
    public static void DeleteThePublishedFolder() => scratch?.Delete(recursive: true);

    [TestMethod]
    public void The_dockerfile_publish_command_succeeds() => RequirePublished();

    [TestMethod]
    public void Published_folder_holds_the_qcs_apphost_and_assembly_the_entry_point_names()
    {
        RequirePublished();
        var entry = dockerfile.EntryPoint[0];
        var relative = Path.GetRelativePath(dockerfile.PublishOutput, entry);

        Assert.AreEqual("qcs", relative, "ENTRYPOINT must point into the copied publish output");
        var apphost = Path.Combine(app, relative);
        Assert.IsTrue(File.Exists(apphost), $"{apphost} missing:\n{publish}");
        if (!OperatingSystem.IsWindows())
            Assert.IsTrue(File.GetUnixFileMode(apphost).HasFlag(UnixFileMode.UserExecute), $"{apphost} is not executable");
        foreach (var file in new[] { "qcs.dll", "qcs.runtimeconfig.json", "qcs.deps.json", "TorchSharp.dll", "QcsCloud.Training.dll" })
            Assert.IsTrue(File.Exists(Path.Combine(app, file)), $"{file} missing from the publish output");
    }

    [TestMethod]
    public void Published_folder_holds_libtorch_and_libtorchsharp_where_the_deps_file_points()
    {
        RequirePublished();
        var native = Path.Combine(app, "runtimes", "linux-x64", "native");
        var deps = File.ReadAllText(Path.Combine(app, "qcs.deps.json"));

        foreach (var library in new[] { "libLibTorchSharp.so", "libtorch.so", "libtorch_cpu.so", "libc10.so" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(native, library)), $"{library} missing from {native}");
            StringAssert.Contains(deps, $"runtimes/linux-x64/native/{library}", $"qcs.deps.json does not list {library}");
        }
        // The CPU image gets the CPU libtorch; no CUDA library sneaks in.
        Assert.IsEmpty(Directory.GetFiles(app, "libtorch_cuda*.so", SearchOption.AllDirectories));
    }

    [TestMethod]
    public void Published_apphost_starts_with_the_image_default_command()
    {
        RequirePublished();
        var command = System.Text.Json.JsonSerializer.Deserialize<string[]>(dockerfile.InFinalStage("CMD").Last().Arguments)!;
        var dotnetRoot = Path.GetDirectoryName(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath!)!;

        var result = ToolProcess.Run(Path.Combine(app, "qcs"), command, scratch!.FullName, TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["DOTNET_ROOT"] = dotnetRoot });

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StandardOutput, "qcs", result.ToString());
    }
}
