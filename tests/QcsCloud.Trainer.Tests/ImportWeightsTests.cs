using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Training.Checkpoints;
using TorchSharp;
using TorchSharp.PyBridge;

namespace QcsCloud.Trainer.Tests;

[TestClass]
public sealed class ImportWeightsTests
{
    [TestMethod]
    public async Task A_pytorch_state_dict_becomes_a_checkpoint_with_identical_weights_that_train_and_predict_accept()
    {
        var folder = SyntheticFolders.NewFolder("import");
        var pth = Path.Combine(folder, "reference.pth");
        var options = NetworkOptions.Tiny(7);
        torch.manual_seed(11);
        using var source = TrainingNetworks.Create(TrainingMode.Qcs, options);
        source.save_py(pth);
        var ckpt = Path.Combine(folder, "imported.ckpt");

        var result = await CliRunner.RunAsync("import-weights", "--input", pth, "--output", ckpt, "--dataset", "rafdb", "--network", "tiny");

        Assert.AreEqual(JobExitCode.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "0 missing");
        using (var checkpoint = Checkpoint.Load(ckpt))
            foreach (var (name, tensor) in source.state_dict())
                Assert.IsTrue(tensor.eq(checkpoint.ModelState[name]).all().item<bool>(), name);

        var data = await SyntheticFolders.RafDbAsync();
        var predict = await CliRunner.RunAsync("predict", "-c", ckpt, Path.Combine(data, "Image", "aligned"), "--threads", "1");
        Assert.AreEqual(JobExitCode.Success, predict.ExitCode, predict.ToString());

        var output = SyntheticFolders.NewFolder("init-pth");
        var args = TrainCommandTests.TinyTrain(data, output, epochs: 1, steps: 1).ToList();
        args[args.IndexOf("--image-size") + 1] = "48"; // the tiny preset's own size, as saved
        var train = await CliRunner.RunAsync([.. args, "--init", pth]);
        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        StringAssert.Contains(train.Output, "reference.pth (Network): loaded");
    }
}
