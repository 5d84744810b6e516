using QcsCloud.Training.Checkpoints;
using static TorchSharp.torch;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class TensorArchiveTests
{
    private string dir = "";

    [TestInitialize]
    public void Create() => dir = Directory.CreateTempSubdirectory("qcs-archive-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(dir, recursive: true);

    [TestMethod]
    public void Tensors_and_header_round_trip_bit_for_bit()
    {
        var path = Path.Combine(dir, "x.ckpt");
        using var a = randn(3, 4);
        using var b = tensor(new long[] { 7, -1 });
        TensorArchive.Write(path, "{\"k\":1}", [("a", a), ("b", b)]);

        var (header, tensors) = TensorArchive.Read(path);

        Assert.AreEqual("{\"k\":1}", header);
        CollectionAssert.AreEqual(a.data<float>().ToArray(), tensors["a"].data<float>().ToArray());
        CollectionAssert.AreEqual(new long[] { 7, -1 }, tensors["b"].data<long>().ToArray());
        Assert.AreEqual(ScalarType.Int64, tensors["b"].dtype);
        Assert.AreEqual(0, Directory.GetFiles(dir, "*.tmp").Length, "no temporary file is left behind");
    }

    [TestMethod]
    public void A_truncated_file_is_reported_as_truncated_with_its_path()
    {
        var path = Path.Combine(dir, "x.ckpt");
        using var a = randn(100);
        TensorArchive.Write(path, "{}", [("a", a)]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 50)]);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => TensorArchive.Read(path));
        StringAssert.Contains(e.Message, "truncated");
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void A_file_that_is_not_a_checkpoint_says_so()
    {
        var path = Path.Combine(dir, "ir50.pth");
        File.WriteAllBytes(path, [0x80, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TensorArchive.Read(path));
        StringAssert.Contains(e.Message, "not a QcsCloud checkpoint");
    }

    [TestMethod]
    public void Rewriting_a_checkpoint_replaces_it_whole()
    {
        var path = Path.Combine(dir, "last.ckpt");
        using var a = zeros(10);
        using var b = ones(20);
        TensorArchive.Write(path, "{\"epoch\":1}", [("a", a)]);
        TensorArchive.Write(path, "{\"epoch\":2}", [("b", b)]);

        var (header, tensors) = TensorArchive.Read(path);
        Assert.AreEqual("{\"epoch\":2}", header);
        CollectionAssert.AreEqual(new[] { "b" }, tensors.Keys.ToArray());
    }
}
