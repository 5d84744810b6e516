
namespace QcsCloud.Core.Tests;

[TestClass]
public sealed class BlobLayoutTests
{
    [TestMethod]
    [DataRow("..")]
    [DataRow("../x")]
    [DataRow("a/b")]
    [DataRow("Upper")]
    [DataRow("-leading")]
    [DataRow("")]
    [DataRow(null)]
    public void Names_that_could_escape_a_folder_are_refused(string? name)
    {
        Assert.IsFalse(BlobLayout.IsSafeName(name));
        var error = Assert.ThrowsExactly<ArgumentException>(() => BlobLayout.CheckpointPrefix(name!, "rafdb", TrainPhase.Pretrain, 1));
        StringAssert.Contains(error.Message, "Run id");
    }

    [TestMethod]
    public void Checkpoint_prefix_follows_the_documented_layout()
    {
        Assert.AreEqual("run-1/affectnet8/finetune/seed-3/", BlobLayout.CheckpointPrefix("run-1", "affectnet8", TrainPhase.FineTune, 3));
        Assert.AreEqual("rafdb/0123abcd/", BlobLayout.StagingPrefix("rafdb", "0123abcd"));
    }
}
