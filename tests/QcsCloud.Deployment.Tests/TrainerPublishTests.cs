using System.Text;
using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// Runs the CPU image's publish command (the <c># publish:</c> line of the Dockerfile: self-contained, linux-x64;
/// output redirected to a temporary folder) and checks the layout the image copies and starts: the image's
/// content, proven here. The GPU image's command differs only by <c>-p:TorchBackend=cuda</c> and its folder
/// (<see cref="DockerfileTests"/>); the CUDA packages are not served on this machine.
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
        // --artifacts-path keeps this RID-specific build's obj/bin out of the shared checkout (others build there
        // at the same time); the published layout is the same. The child is a fresh CLI: drop what `dotnet test`
        // exported for its own MSBuild.
        publish = ToolProcess.Run("dotnet", ["publish", .. arguments, "--artifacts-path", Path.Combine(scratch.FullName, "artifacts"), "-nologo"],
            RepositoryPaths.Root, TimeSpan.FromMinutes(15),
            new Dictionary<string, string?> { ["MSBuildExtensionsPath"] = null, ["MSBuildSDKsPath"] = null, ["MSBUILD_EXE_PATH"] = null });
    }

    private static void RequirePublished()
    {
        Assert.AreEqual(0, publish.ExitCode, $"the publish command of {DockerfileTests.Cpu} failed:\n{publish}");
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
        var relative = Path.GetRelativePath("/app", entry);

        Assert.AreEqual("/app", dockerfile.InFinalStage("WORKDIR").Last().Arguments);
        Assert.AreEqual("qcs", relative, "ENTRYPOINT must point into the copied publish output");
        var apphost = Path.Combine(app, relative);
        Assert.IsTrue(File.Exists(apphost), $"{apphost} missing:\n{publish}");
        if (!OperatingSystem.IsWindows())
            Assert.IsTrue(File.GetUnixFileMode(apphost).HasFlag(UnixFileMode.UserExecute), $"{apphost} is not executable");
        foreach (var file in new[] { "qcs.dll", "qcs.runtimeconfig.json", "qcs.deps.json", "TorchSharp.dll", "QcsCloud.Training.dll" })
            Assert.IsTrue(File.Exists(Path.Combine(app, file)), $"{file} missing from the publish output");
    }

    [TestMethod]
    public void Published_folder_is_self_contained_for_linux_x64()
    {
        RequirePublished();
        var runtimeConfig = File.ReadAllText(Path.Combine(app, "qcs.runtimeconfig.json"));
        var deps = File.ReadAllText(Path.Combine(app, "qcs.deps.json"));

        // A framework-dependent app names "frameworks" to look up; a self-contained one lists what it includes.
        StringAssert.Contains(runtimeConfig, "\"includedFrameworks\"", runtimeConfig);
        Assert.DoesNotContain("\"framework\"", runtimeConfig, runtimeConfig);
        StringAssert.Contains(deps, "\".NETCoreApp,Version=v10.0/linux-x64\"");
        StringAssert.Contains(deps, "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/");
        foreach (var file in new[] { "libhostfxr.so", "libhostpolicy.so", "libcoreclr.so", "libclrjit.so", "System.Private.CoreLib.dll", "libSystem.Native.so" })
            Assert.IsTrue(File.Exists(Path.Combine(app, file)), $"{file} missing: the .NET runtime must travel with the app");
    }

    [TestMethod]
    public void Published_folder_holds_libtorch_and_libtorchsharp_where_the_host_loads_them()
    {
        RequirePublished();
        var deps = File.ReadAllText(Path.Combine(app, "qcs.deps.json"));

        // RID-specific: native assets sit beside the apphost, listed in qcs.deps.json.
        foreach (var library in new[] { "libLibTorchSharp.so", "libtorch.so", "libtorch_cpu.so", "libc10.so" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(app, library)), $"{library} missing from {app}");
            StringAssert.Contains(deps, $"/{library}\"", $"qcs.deps.json does not list {library}");
        }
        Assert.IsFalse(Directory.Exists(Path.Combine(app, "runtimes")), "a linux-x64 publish keeps no other platforms' native assets");
        // The CPU image gets the CPU libtorch; no CUDA library sneaks in.
        Assert.IsEmpty(Directory.GetFiles(app, "libtorch_cuda*.so", SearchOption.AllDirectories));
    }

    [TestMethod]
    public void Published_libtorchsharp_has_its_glibcxx_3_4_32_need_marked_weak()
    {
        RequirePublished();
        var needs = ElfVersionNeeds.Read(Path.Combine(app, "libLibTorchSharp.so"));

        // build/PatchLibTorchSharp.targets runs after Publish: the image works on any libstdc++ >= 3.4.30.
        Assert.IsTrue(needs.TryGetValue("GLIBCXX_3.4.32", out var weak), string.Join(", ", needs.Keys));
        Assert.IsTrue(weak, "GLIBCXX_3.4.32 is a hard need: the publish output was not patched");
        Assert.IsFalse(needs["GLIBCXX_3.4.18"], "only the one need is weakened");
    }

    [TestMethod]
    public void Published_apphost_starts_with_the_image_default_command_without_a_dotnet_installation()
    {
        RequirePublished();
        var command = System.Text.Json.JsonSerializer.Deserialize<string[]>(dockerfile.InFinalStage("CMD").Last().Arguments)!;
        var empty = Directory.CreateDirectory(Path.Combine(scratch!.FullName, "no-dotnet"));

        // An empty DOTNET_ROOT and no host path: the image has no .NET installation either.
        var result = ToolProcess.Run(Path.Combine(app, "qcs"), command, scratch.FullName, TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["DOTNET_ROOT"] = empty.FullName, ["DOTNET_HOST_PATH"] = null });

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StandardOutput, "qcs", result.ToString());
    }

    /// <summary>The version needs (.gnu.version_r) of an ELF64 little-endian object: name to "is weak".</summary>
    private static class ElfVersionNeeds
    {
        public static Dictionary<string, bool> Read(string path)
        {
            var elf = File.ReadAllBytes(path);
            Assert.IsTrue(elf.Length > 64 && elf[0] == 0x7f && elf[1] == 'E' && elf[4] == 2 && elf[5] == 1, $"{path}: not ELF64 little-endian");
            var result = new Dictionary<string, bool>();
            long shoff = BitConverter.ToInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
            for (var i = 0; i < shnum; i++)
            {
                var sh = (int)(shoff + (long)i * shentsize);
                if (BitConverter.ToUInt32(elf, sh + 4) != 0x6ffffffe) continue; // SHT_GNU_verneed
                var strings = BitConverter.ToInt64(elf, (int)(shoff + (long)BitConverter.ToUInt32(elf, sh + 0x28) * shentsize) + 0x18);
                var vn = BitConverter.ToInt64(elf, sh + 0x18);
                while (true)
                {
                    var aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                    for (var a = 0; a < BitConverter.ToUInt16(elf, (int)vn + 2); a++)
                    {
                        var start = (int)(strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                        var end = Array.IndexOf(elf, (byte)0, start);
                        result[Encoding.ASCII.GetString(elf, start, end - start)] = (BitConverter.ToUInt16(elf, (int)aux + 4) & 0x2) != 0; // VER_FLG_WEAK
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    var next = BitConverter.ToUInt32(elf, (int)vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return result;
        }
    }
}
