using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class DatasetMergeTests
{
    [TestMethod]
    public void Rare_classes_of_rafdb_and_ferplus_join_affectnet_training_by_name()
    {
        var affectNet = DatasetReader.Read(DatasetKind.AffectNet8, SyntheticData.Get(DatasetKind.AffectNet8));
        var raf = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        var fer = DatasetReader.Read(DatasetKind.FerPlus, SyntheticData.Get(DatasetKind.FerPlus));

        var merged = DatasetMerge.AddTrainingClasses(
            DatasetMerge.AddTrainingClasses(affectNet, raf, DatasetMerge.RareAffectNetClasses), fer, DatasetMerge.RareAffectNetClasses);

        var train = merged.ClassCounts(DatasetSplit.Train);
        CollectionAssert.AreEqual(new[] { 6, 6, 6, 6, 6 + 6 + 6, 6 + 6 + 6, 6, 6 + 6 }, train);   // Fear, Disgust from both; Contempt from FERPlus
        CollectionAssert.AreEqual(affectNet.ClassCounts(DatasetSplit.Test), merged.ClassCounts(DatasetSplit.Test));
        Assert.AreEqual(6, merged.Report.Added!["rafdb Fear"]);
        Assert.AreEqual(6, merged.Report.Added!["ferplus Contempt"]);
        var borrowed = merged.Samples.First(s => s.Id.StartsWith("rafdb:"));
        var original = raf.Samples.Single(s => "rafdb:" + s.Id == borrowed.Id);
        Assert.AreEqual(raf.ClassNames[original.Label], merged.ClassNames[borrowed.Label], "relabelled by class name");
    }

    [TestMethod]
    public void A_class_the_target_does_not_have_is_refused()
    {
        var raf = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        var fer = DatasetReader.Read(DatasetKind.FerPlus, SyntheticData.Get(DatasetKind.FerPlus));

        var error = Assert.ThrowsExactly<ArgumentException>(() => DatasetMerge.AddTrainingClasses(raf, fer, ["Contempt"]));

        StringAssert.Contains(error.Message, "'Contempt' is not a class of rafdb");
    }
}
