using QcsCloud.Core;
using QcsCloud.Data.Packing;

namespace QcsCloud.Trainer.Tests;

/// <summary>
/// A partial download (an image cut to its first 600 bytes) is refused by <c>pack</c>, <c>train</c> and <c>predict</c>
/// with the file named (exit 2), listed by <c>pack --skip-bad</c>, and decoded only under <c>--allow-truncated</c>.
/// </summary>
[TestClass]
public sealed class TruncatedInputTests
{
    /// <summary>A copy of the synthetic RAF-DB set with one image cut to 600 bytes; returns (root, that image).</summary>
    private static async Task<(string Root, string Cut)> WithTruncatedAsync(string image)
    {
        var source = await SyntheticFolders.RafDbAsync();
        var data = SyntheticFolders.NewFolder("truncated");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(data, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var cut = Path.Combine(data, "Image", "aligned", image);
        File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..600]);
        return (data, cut);
    }

    [TestMethod]
    public async Task Pack_refuses_a_truncated_image_naming_it_and_with_skip_bad_lists_it_in_the_manifest()
    {
        var (data, cut) = await WithTruncatedAsync("train_00002_aligned.jpg");
        var refused = SyntheticFolders.NewFolder("pack-refused");
        var skipped = SyntheticFolders.NewFolder("pack-skipped");

        var strict = await CliRunner.RunAsync("pack", "--dataset", "rafdb", "--data", data, "--output", refused);
        var lenient = await CliRunner.RunAsync("pack", "--dataset", "rafdb", "--data", data, "--output", skipped, "--skip-bad");

        Assert.AreEqual(JobExitCode.BadInput, strict.ExitCode, strict.ToString());
        StringAssert.Contains(strict.Error, cut);
        StringAssert.Contains(strict.Error, "truncated image");
        Assert.IsFalse(File.Exists(Path.Combine(refused, BlobLayout.ManifestFile)));
        Assert.AreEqual(JobExitCode.Success, lenient.ExitCode, lenient.ToString());
        var manifest = ShardReader.ReadManifest(skipped);
        Assert.AreEqual(cut, manifest.Skipped.Single().File);
        Assert.AreEqual(6 * 7 + 2 * 7 - 1, manifest.SampleCount);
        StringAssert.Contains(lenient.Output, $"skipped: {cut}");
    }

    [TestMethod]
    public async Task Train_refuses_a_truncated_image_naming_it_and_trains_with_allow_truncated_then_predict_does_the_same()
    {
        var (data, cut) = await WithTruncatedAsync("test_0002_aligned.jpg");
        var refused = SyntheticFolders.NewFolder("train-refused");
        var allowed = SyntheticFolders.NewFolder("train-allowed");

        var strict = await CliRunner.RunAsync(TrainCommandTests.TinyTrain(data, refused));
        var lenient = await CliRunner.RunAsync([.. TrainCommandTests.TinyTrain(data, allowed), "--allow-truncated"]);
        var checkpoint = Path.Combine(allowed, BlobLayout.LastCheckpointFile);
        var predictStrict = await CliRunner.RunAsync("predict", "--checkpoint", checkpoint, cut, "--threads", "1");
        var predictLenient = await CliRunner.RunAsync("predict", "--checkpoint", checkpoint, cut, "--threads", "1", "--allow-truncated");

        Assert.AreEqual(JobExitCode.BadInput, strict.ExitCode, strict.ToString());
        StringAssert.Contains(strict.Error, cut);
        StringAssert.Contains(strict.Error, "truncated image");
        Assert.AreEqual(JobExitCode.Success, lenient.ExitCode, lenient.ToString());
        Assert.AreEqual(JobExitCode.BadInput, predictStrict.ExitCode, predictStrict.ToString());
        StringAssert.Contains(predictStrict.Error, cut);
        StringAssert.Contains(predictStrict.Error, "truncated image");
        Assert.AreEqual(JobExitCode.Success, predictLenient.ExitCode, predictLenient.ToString());
        StringAssert.Contains(predictLenient.Output, "test_0002_aligned.jpg");
    }
}
