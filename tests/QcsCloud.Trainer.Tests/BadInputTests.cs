using QcsCloud.Core;

namespace QcsCloud.Trainer.Tests;

[TestClass]
public sealed class BadInputTests
{
    private static async Task<CliRunner.Result> ExpectBadInput(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        return result;
    }

    private static string[] With(string[] args, string option, string value)
    {
        var list = args.ToList();
        var i = list.IndexOf(option);
        if (i >= 0) list[i + 1] = value; else list.AddRange([option, value]);
        return list.ToArray();
    }

    [TestMethod]
    public async Task An_unknown_dataset_is_named()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var result = await ExpectBadInput(With(TrainCommandTests.TinyTrain(data, SyntheticFolders.NewFolder("bad")), "--dataset", "imagenet"));
        StringAssert.Contains(result.Error, "--dataset 'imagenet' is unknown");
    }

    [TestMethod]
    public async Task A_missing_data_folder_is_named()
    {
        var missing = Path.Combine(SyntheticFolders.Root, "no-such-folder");
        var result = await ExpectBadInput(TrainCommandTests.TinyTrain(missing, SyntheticFolders.NewFolder("bad")));
        StringAssert.Contains(result.Error, missing);
    }

    [TestMethod]
    public async Task A_corrupt_image_is_named_with_its_file()
    {
        var source = await SyntheticFolders.RafDbAsync();
        var data = SyntheticFolders.NewFolder("corrupt");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(data, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var broken = Path.Combine(data, "Image", "aligned", "train_00003_aligned.jpg");
        File.WriteAllBytes(broken, [1, 2, 3, 4, 5, 6, 7, 8]);
        var output = SyntheticFolders.NewFolder("bad");

        var result = await ExpectBadInput(TrainCommandTests.TinyTrain(data, output));

        StringAssert.Contains(result.Error, "train_00003");
        var completion = QcsJson.Deserialize<JobCompletion>(File.ReadAllText(Path.Combine(output, BlobLayout.CompletionFile)), "completion.json");
        Assert.IsFalse(completion.Succeeded);
        Assert.AreEqual(JobExitCode.BadInput, completion.ExitCode);
    }

    [TestMethod]
    [DataRow("--epochs", "0", "--epochs (0)")]
    [DataRow("--val-fraction", "1.5", "--val-fraction (1.5)")]
    [DataRow("--network", "huge", "--network 'huge'")]
    [DataRow("--mode", "quintuplet", "--mode 'quintuplet'")]
    [DataRow("--image-size", "40", "--image-size (40)")]
    [DataRow("--recipe", "qcs-imagenet", "qcs-imagenet")]
    [DataRow("--seed", "abc", "--seed")]
    [DataRow("--batch-size", "-3", "--batch-size (-3)")]
    public async Task A_bad_option_value_is_named(string option, string value, string expected)
    {
        var data = await SyntheticFolders.RafDbAsync();
        var result = await ExpectBadInput(With(TrainCommandTests.TinyTrain(data, SyntheticFolders.NewFolder("bad")), option, value));
        StringAssert.Contains(result.Error, expected);
    }

    [TestMethod]
    public async Task A_missing_required_option_is_named()
    {
        var result = await ExpectBadInput("train", "--dataset", "rafdb", "--data", "x");
        StringAssert.Contains(result.Error, "--output");
    }

    [TestMethod]
    public async Task A_missing_blob_folder_is_named()
    {
        var uri = $"http://127.0.0.1:10000/devstoreaccount1/staging/rafdb/missing-{Guid.NewGuid():N}/";
        var result = await ExpectBadInput(TrainCommandTests.TinyTrain(uri, SyntheticFolders.NewFolder("bad")));
        StringAssert.Contains(result.Error, uri);
    }

    [TestMethod]
    public async Task A_missing_checkpoint_is_named()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var result = await ExpectBadInput("evaluate", "--checkpoint", "/nowhere/best.ckpt", "--dataset", "rafdb", "--data", data);
        StringAssert.Contains(result.Error, "/nowhere/best.ckpt");
    }

    [TestMethod]
    public async Task A_weight_file_that_is_not_readable_is_named()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var pth = Path.Combine(SyntheticFolders.NewFolder("pth"), "ir50.pth");
        File.WriteAllBytes(pth, [0x50, 0x4B, 3, 4, 0, 0, 0, 0, 0, 0]);
        var result = await ExpectBadInput(With(TrainCommandTests.TinyTrain(data, SyntheticFolders.NewFolder("bad")), "--init", pth));
        StringAssert.Contains(result.Error, pth);
    }
}
