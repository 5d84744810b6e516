using System.Text.RegularExpressions;
using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// The trainer images' Dockerfiles, checked by content: no Docker engine runs here. The publish step they run
/// is executed for real by <see cref="TrainerPublishTests"/>.
/// </summary>
[TestClass]
public sealed partial class DockerfileTests
{
    public const string Gpu = "Dockerfile.trainer";
    public const string Cpu = "Dockerfile.trainer-cpu";

    public static Dockerfile Load(string name) => Dockerfile.Load(Path.Combine(RepositoryPaths.Docker, name));

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Every_base_image_is_pinned_to_a_version_tag(string name)
    {
        var dockerfile = Load(name);
        Assert.IsNotEmpty(dockerfile.BaseImages);
        foreach (var image in dockerfile.BaseImages)
        {
            var tag = image.Contains(':') ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.IsTrue(VersionTag().IsMatch(tag), $"{name}: base image '{image}' has no version tag");
            Assert.DoesNotContain("latest", tag, $"{name}: {image}");
        }
    }

    [TestMethod]
    public void Gpu_image_runs_on_the_cuda_runtime_for_ubuntu_24_04()
    {
        var dockerfile = Load(Gpu);
        var final = dockerfile.InFinalStage("FROM").Single().Arguments;

        StringAssert.StartsWith(final, "nvidia/cuda:");
        StringAssert.EndsWith(final, "-runtime-ubuntu24.04");
        // The .NET runtime comes from the official image of the same Ubuntu release (noble = 24.04).
        Assert.IsTrue(dockerfile.BaseImages.All(i => i.StartsWith("nvidia/cuda:") || i.EndsWith("-noble")), string.Join(", ", dockerfile.BaseImages));
        Assert.IsTrue(dockerfile.InFinalStage("COPY").Any(c => c.Arguments.StartsWith("--from=dotnet /usr/share/dotnet")), "the final stage must bring the .NET runtime");
    }

    [TestMethod]
    public void Cpu_image_runs_on_the_dotnet_runtime_for_ubuntu_24_04()
    {
        var dockerfile = Load(Cpu);

        StringAssert.Matches(dockerfile.InFinalStage("FROM").Single().Arguments, DotnetRuntimeNoble());
        Assert.IsTrue(dockerfile.BaseImages.All(i => i.EndsWith("-noble")), string.Join(", ", dockerfile.BaseImages));
    }

    [TestMethod]
    public void Gpu_image_publishes_with_the_cuda_backend_and_cpu_image_with_the_default_one()
    {
        var gpu = Load(Gpu).PublishArguments;
        var cpu = Load(Cpu).PublishArguments;

        CollectionAssert.Contains(gpu.ToList(), "-p:TorchBackend=cuda");
        Assert.IsFalse(cpu.Any(a => a.Contains("TorchBackend")), string.Join(' ', cpu));
        CollectionAssert.AreEqual(cpu.ToList(), gpu.Where(a => a != "-p:TorchBackend=cuda").ToList(), "the two images must publish the same way");
        // The switch the GPU image relies on exists in the build.
        StringAssert.Contains(File.ReadAllText(RepositoryPaths.InRoot("build", "Torch.props")), "<PackageReference Include=\"TorchSharp-cuda-linux\" Condition=\"'$(TorchBackend)' == 'cuda'\" />");
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Final_stage_runs_as_a_non_root_user_created_in_the_image(string name)
    {
        var dockerfile = Load(name);
        var user = dockerfile.InFinalStage("USER").LastOrDefault();

        Assert.IsNotNull(user, $"{name}: the final stage has no USER");
        Assert.IsTrue(dockerfile.InFinalStage("USER").Last().Line > dockerfile.InFinalStage("RUN").Max(r => r.Line), $"{name}: USER must come after the last RUN");
        Assert.IsFalse(user.Arguments is "root" or "0" || user.Arguments.StartsWith("0:") || user.Arguments.StartsWith("root:"), $"{name}: {user}");
        Assert.IsTrue(dockerfile.InFinalStage("RUN").Any(r => r.Arguments.Contains($"useradd --uid {user.Arguments} ")), $"{name}: user {user.Arguments} is not created");
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Entry_point_is_the_qcs_apphost_from_the_published_folder(string name)
    {
        var dockerfile = Load(name);
        var workdir = dockerfile.InFinalStage("WORKDIR").Last().Arguments;
        var copy = dockerfile.InFinalStage("COPY").Single(c => c.Arguments.StartsWith("--from=build "));
        var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (source, destination) = (parts[1], parts[2]);
        var copiedTo = destination.StartsWith('/') ? destination : $"{workdir.TrimEnd('/')}/{destination.TrimStart('.', '/')}".TrimEnd('/');

        Assert.AreEqual(dockerfile.PublishOutput, source, $"{name}: the final stage must copy the publish output");
        CollectionAssert.AreEqual(new[] { $"{copiedTo}/qcs" }, dockerfile.EntryPoint.ToArray(), $"{name}: ENTRYPOINT");
        CollectionAssert.AreEqual(new[] { "src/QcsCloud.Trainer", "-c", "Release", "-o", dockerfile.PublishOutput },
            dockerfile.PublishArguments.Where(a => !a.StartsWith("-p:")).ToArray());
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Build_context_copies_exist_and_pass_the_dockerignore(string name)
    {
        var dockerfile = Load(name);
        var ignore = File.ReadAllLines(Path.Combine(RepositoryPaths.Docker, name + ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.AreEqual("*", ignore[0], "the context is a whitelist: everything is excluded first");
        foreach (var excluded in new[] { "**/bin/", "**/obj/", "**/*.ckpt", "**/*.pth" })
            CollectionAssert.Contains(ignore, excluded);
        var copies = dockerfile.Of("COPY").Where(c => !c.Arguments.StartsWith("--from=")).ToList();
        Assert.IsNotEmpty(copies);
        foreach (var copy in copies)
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[..^1])
            {
                Assert.IsTrue(File.Exists(RepositoryPaths.InRoot(source)) || Directory.Exists(RepositoryPaths.InRoot(source)), $"{name} {copy}: '{source}' is not in the repository");
                CollectionAssert.Contains(ignore, "!" + source, $"{name} {copy}: '{source}' is excluded by the dockerignore");
            }
        }
        // The project that is published lives in a copied folder.
        Assert.IsTrue(copies.Any(c => c.Arguments.StartsWith("src/ ")), $"{name}: src/ is not copied");
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void No_secret_or_remote_download_goes_into_the_image(string name)
    {
        var dockerfile = Load(name);

        Assert.IsEmpty(dockerfile.Of("ADD").ToList(), $"{name}: use COPY; ADD can fetch URLs and unpack archives");
        foreach (var instruction in dockerfile.Of("ARG").Concat(dockerfile.Of("ENV")))
            StringAssert.DoesNotMatch(instruction.Arguments, SecretName(), $"{name}: {instruction}");
        foreach (var instruction in dockerfile.Instructions)
            StringAssert.DoesNotMatch(instruction.Arguments, KeyMaterial(), $"{name}: {instruction}");
        Assert.IsFalse(dockerfile.Of("RUN").Any(r => r.Arguments.Contains("curl ") || r.Arguments.Contains("wget ")), $"{name}: no downloads outside package managers");
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Dockerfile_passes_the_dockerfile_linter_without_a_finding(string name)
    {
        var result = DockerfileLint.Run(Path.Combine(RepositoryPaths.Docker, name));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Output.Trim(), result.ToString());
    }

    [TestMethod]
    public void Dockerfile_linter_reports_warnings_although_it_exits_zero_and_errors_with_exit_one()
    {
        var folder = Directory.CreateTempSubdirectory("qcs-dockerfile-");
        try
        {
            var warning = Path.Combine(folder.FullName, "Warning.Dockerfile");
            File.WriteAllText(warning, "FROM ubuntu:24.04\nMAINTAINER someone\n");
            var error = Path.Combine(folder.FullName, "Error.Dockerfile");
            File.WriteAllText(error, "FROM ubuntu:24.04\nUSER\nCOPY --from=build\n");

            var warned = DockerfileLint.Run(warning);
            var failed = DockerfileLint.Run(error);

            Assert.AreEqual(0, warned.ExitCode, warned.ToString());
            StringAssert.Contains(warned.Output, "MAINTAINER has been deprecated", warned.ToString());
            Assert.AreEqual(1, failed.ExitCode, failed.ToString());
            StringAssert.Contains(failed.Output, "Instruction has no arguments", failed.ToString());
            StringAssert.Contains(failed.Output, "COPY requires at least two arguments", failed.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^\d+(\.\d+)+(-[a-z0-9.-]+)?$")]
    private static partial Regex VersionTag();

    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/runtime:\d+\.\d+(\.\d+)?-noble$")]
    private static partial Regex DotnetRuntimeNoble();

    [GeneratedRegex(@"(KEY|SECRET|PASSWORD|TOKEN|CONNECTION_?STRING|SAS)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|sig=|ghp_|-----BEGIN", RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();
}
