using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Training.Checkpoints;
using QcsCloud.Training.Loop;
using static TorchSharp.torch;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class FineTuneTests
{
    private string folder = "";

    [TestInitialize]
    public void Create() => folder = Directory.CreateTempSubdirectory("qcs-finetune-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(folder, recursive: true);

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>A one-step 8-class (FERPlus layout) tiny QCS checkpoint.</summary>
    private string EightClassCheckpoint()
    {
        var source = Path.Combine(folder, "ferplus");
        var config = TrainingRunTests.TinyQcs(epochs: 1, steps: 1, batch: 4) with { Dataset = DatasetKind.FerPlus };
        new TrainingSession(config, SyntheticData.Load(DatasetKind.FerPlus, perClass: 4), source).Run();
        return Path.Combine(source, BlobLayout.LastCheckpointFile);
    }

    [TestMethod]
    public void Fine_tuning_an_8_class_checkpoint_into_7_classes_copies_the_backbone_and_leaves_fresh_heads()
    {
        var path = EightClassCheckpoint();
        var config = TrainingRunTests.TinyQcs(epochs: 1, steps: 1, batch: 4) with { FineTuneFrom = path };
        var network = NetworkOptionsResolver.Resolve(config, 7);
        manual_seed(3);
        using var target = TrainingNetworks.Create(TrainingMode.Qcs, network);
        manual_seed(3);
        using var untouched = TrainingNetworks.Create(TrainingMode.Qcs, network);

        var chain = ModelInitializer.Initialize(target, config, DatasetCatalog.RafDbClasses);

        using var source = Checkpoint.Load(path);
        var fresh = untouched.state_dict();
        var heads = 0;
        foreach (var (name, tensor) in target.state_dict())
        {
            if (BackboneTransfer.IsHead(name))
            {
                heads++;
                Assert.AreEqual(7L, tensor.shape[0], $"{name} has the target's 7 classes");
                Assert.IsTrue(Same(tensor, fresh[name]), $"{name} keeps its fresh initialisation");
            }
            else Assert.IsTrue(Same(tensor, source.ModelState[name]), $"{name} is copied from the 8-class checkpoint");
        }
        Assert.AreEqual(4, heads, "VIT_base and VIT_cross heads: weight and bias");
        StringAssert.Contains(chain[^1], "heads fresh");
    }

    [TestMethod]
    public void A_fine_tuned_run_trains_and_records_its_init_chain()
    {
        var path = EightClassCheckpoint();
        var config = TrainingRunTests.TinyQcs(epochs: 1, steps: 1, batch: 4) with { FineTuneFrom = path };
        var metrics = new TrainingSession(config, SyntheticData.Load(DatasetKind.RafDb, perClass: 6), Path.Combine(folder, "rafdb")).Run();

        Assert.AreEqual(TrainPhase.FineTune, metrics.Phase);
        Assert.IsTrue(metrics.Provenance!.InitChain.Any(c => c.Contains("finetune-from") && c.Contains("8 classes")), string.Join(" | ", metrics.Provenance.InitChain));
        CollectionAssert.AreEqual(DatasetCatalog.RafDbClasses.ToArray(), metrics.Provenance.ClassNames.ToArray());
    }

    [TestMethod]
    public void Initialising_from_a_checkpoint_with_other_classes_names_each_difference()
    {
        var path = EightClassCheckpoint();
        var config = TrainingRunTests.TinyQcs(epochs: 1, steps: 1, batch: 4) with { Init = path };

        var e = Assert.ThrowsExactly<TrainingInputException>(() =>
            new TrainingSession(config, SyntheticData.Load(DatasetKind.RafDb, perClass: 6), Path.Combine(folder, "rafdb")).Run());

        StringAssert.Contains(e.Message, "class 0: checkpoint 'Neutral', expected 'Surprise'");
        StringAssert.Contains(e.Message, "class 7: checkpoint 'Contempt', expected (none)");
        StringAssert.Contains(e.Message, "numClasses: checkpoint 8, expected 7");
        StringAssert.Contains(e.Message, "--finetune-from");
    }
}
