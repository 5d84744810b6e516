using System.Text.RegularExpressions;
using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// The trainer images' Dockerfiles, checked by content: no Docker engine runs here. The publish command whose
/// output they copy is executed for real by <see cref="TrainerPublishTests"/>.
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
    public void Every_base_image_is_pinned_by_digest_with_the_version_tag_beside_it(string name)
    {
        var dockerfile = Load(name);
        Assert.IsNotEmpty(dockerfile.BaseImages);
        foreach (var image in dockerfile.BaseImages)
        {
            var pinned = PinnedImage().Match(image);
            Assert.IsTrue(pinned.Success, $"{name}: base image '{image}' is not '<name>:<tag>@sha256:<64 hex>'");
            var tag = pinned.Groups["tag"].Value;
            Assert.IsTrue(VersionTag().IsMatch(tag), $"{name}: base image '{image}' has no version tag");
            Assert.DoesNotContain("latest", tag, $"{name}: {image}");
        }
    }

    [TestMethod]
    public void Gpu_image_runs_on_the_cuda_cudnn_runtime_for_ubuntu_24_04()
    {
        var final = Load(Gpu).InFinalStage("FROM").Single().Arguments;

        StringAssert.StartsWith(final, "nvidia/cuda:12.");
        StringAssert.Contains(final, "-cudnn-runtime-ubuntu24.04@sha256:");
    }

    [TestMethod]
    public void Cpu_image_runs_on_ubuntu_24_04()
    {
        StringAssert.Matches(Load(Cpu).InFinalStage("FROM").Single().Arguments, Ubuntu2404());
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Image_is_one_stage_from_a_docker_hub_short_name_without_dotnet_sdk_or_runtime(string name)
    {
        var dockerfile = Load(name);

        Assert.HasCount(1, dockerfile.Of("FROM").ToList(), $"{name}: the publish output is made beforehand, so there is no build stage");
        foreach (var image in dockerfile.BaseImages)
        {
            // A first path part with '.' or ':' (or 'localhost') would name a registry host.
            var first = image.Split('/')[0];
            Assert.IsFalse(image.Contains('/') && (first.Contains('.') || first.Contains(':') || first == "localhost"), $"{name}: '{image}' names a registry host");
            Assert.DoesNotContain("dotnet", image, $"{name}: the app is self-contained; no .NET base image");
        }
        Assert.IsFalse(dockerfile.Of("RUN").Any(r => r.Arguments.Contains("dotnet")), $"{name}: nothing .NET is built or installed in the image");
        Assert.IsEmpty(dockerfile.Of("COPY").Where(c => c.Arguments.StartsWith("--from=")).ToList(), $"{name}: nothing comes from another image");
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Image_installs_the_dotnet_runtime_dependencies_of_ubuntu_24_04_with_apt_only(string name)
    {
        var dockerfile = Load(name);
        var install = dockerfile.Of("RUN").Select(r => r.Arguments).SingleOrDefault(a => a.Contains("apt-get install"));

        Assert.IsNotNull(install, $"{name}: no apt-get install");
        StringAssert.StartsWith(install, "apt-get update && apt-get install -y --no-install-recommends ");
        StringAssert.EndsWith(install, " && rm -rf /var/lib/apt/lists/*");
        // What the .NET runtime needs on Ubuntu 24.04 (glibc, libgcc, libstdc++, ICU 74, OpenSSL 3, CA roots,
        // time zones) and libtorch's OpenMP runtime.
        foreach (var package in RuntimePackages)
            Assert.IsTrue(install.Split(' ').Contains(package), $"{name}: '{package}' is not installed");
        Assert.IsEmpty(dockerfile.Of("ENV").Where(e => e.Arguments.Contains("GLOBALIZATION_INVARIANT")).ToList(), $"{name}: ICU is installed, so globalization stays on");
        Assert.AreEqual(Packages(Load(Gpu)), Packages(Load(Cpu)), "both images install the same packages");
    }

    private static readonly string[] RuntimePackages = ["ca-certificates", "libc6", "libgcc-s1", "libgomp1", "libicu74", "libssl3t64", "libstdc++6", "tzdata"];

    private static string Packages(Dockerfile dockerfile) =>
        dockerfile.Of("RUN").Select(r => r.Arguments).Single(a => a.Contains("apt-get install")).Split("--no-install-recommends ")[1].Split(" && ")[0];

    [TestMethod]
    public void Gpu_image_publishes_with_the_cuda_backend_and_cpu_image_with_the_default_one()
    {
        var gpu = Load(Gpu);
        var cpu = Load(Cpu);

        CollectionAssert.Contains(gpu.PublishArguments.ToList(), "-p:TorchBackend=cuda");
        Assert.IsFalse(cpu.PublishArguments.Any(a => a.Contains("TorchBackend")), cpu.PublishCommand);
        Assert.AreNotEqual(cpu.PublishOutput, gpu.PublishOutput, "each image copies its own publish output");
        CollectionAssert.AreEqual(cpu.PublishArguments.Select(a => a == cpu.PublishOutput ? "<out>" : a).ToList(),
            gpu.PublishArguments.Where(a => a != "-p:TorchBackend=cuda").Select(a => a == gpu.PublishOutput ? "<out>" : a).ToList(),
            "the two images must publish the same way");
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
    public void Entry_point_is_the_qcs_apphost_from_the_self_contained_publish_output(string name)
    {
        var dockerfile = Load(name);
        var workdir = dockerfile.InFinalStage("WORKDIR").Last().Arguments;
        var copy = dockerfile.InFinalStage("COPY").Single();
        var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (source, destination) = (parts[0], parts[1]);
        var copiedTo = destination.StartsWith('/') ? destination : $"{workdir.TrimEnd('/')}/{destination.TrimStart('.', '/')}".TrimEnd('/');

        Assert.HasCount(2, parts, $"{name}: {copy}");
        Assert.AreEqual(dockerfile.PublishOutput.TrimEnd('/'), source.TrimEnd('/'), $"{name}: the image must copy the publish output");
        CollectionAssert.AreEqual(new[] { $"{copiedTo}/qcs" }, dockerfile.EntryPoint.ToArray(), $"{name}: ENTRYPOINT");
        // Self-contained for the images' platform: the .NET runtime travels in the publish output.
        CollectionAssert.AreEqual(new[] { "src/QcsCloud.Trainer", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", dockerfile.PublishOutput },
            dockerfile.PublishArguments.Where(a => !a.StartsWith("-p:")).ToArray(), dockerfile.PublishCommand);
    }

    [TestMethod]
    [DataRow(Gpu)]
    [DataRow(Cpu)]
    public void Build_context_passes_only_the_publish_output_through_the_dockerignore(string name)
    {
        var dockerfile = Load(name);
        var ignore = File.ReadAllLines(Path.Combine(RepositoryPaths.Docker, name + ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var output = dockerfile.PublishOutput.TrimEnd('/') + "/";

        Assert.AreEqual("*", ignore[0], "the context is a whitelist: everything is excluded first");
        foreach (var excluded in new[] { "**/bin/", "**/obj/", "**/*.ckpt", "**/*.pth" })
            CollectionAssert.Contains(ignore, excluded);
        CollectionAssert.AreEqual(new[] { "!" + output }, ignore.Where(l => l.StartsWith('!')).ToArray(), $"{name}: the context is the publish output only");
        var copies = dockerfile.Of("COPY").ToList();
        Assert.IsNotEmpty(copies);
        foreach (var copy in copies)
        {
            var source = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('/') + "/";
            Assert.AreEqual(output, source, $"{name} {copy}: only the publish output is copied");
        }
        // The publish output is a build product: under a folder git ignores, never committed.
        StringAssert.StartsWith(output, "artifacts/");
        CollectionAssert.Contains(File.ReadAllLines(RepositoryPaths.InRoot(".gitignore")), "artifacts/");
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

    [GeneratedRegex(@"^(?<name>[a-z0-9._/-]+):(?<tag>[A-Za-z0-9._-]+)@sha256:[0-9a-f]{64}$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"^ubuntu:(24\.04|noble-\d{8}(\.\d+)?)@sha256:[0-9a-f]{64}$")]
    private static partial Regex Ubuntu2404();

    [GeneratedRegex(@"(KEY|SECRET|PASSWORD|TOKEN|CONNECTION_?STRING|SAS)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|sig=|ghp_|-----BEGIN", RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();
}
