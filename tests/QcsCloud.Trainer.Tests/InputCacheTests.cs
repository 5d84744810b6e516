using Azure.Storage.Blobs;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>The work-folder cache of blob inputs, against the real Azurite (QCS_TEST_STORAGE).</summary>
[TestClass]
public sealed class InputCacheTests
{
    private static readonly string Container = $"trainer-cache-{Environment.ProcessId}";

    [ClassCleanup]
    public static void DeleteContainer() => new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Container).DeleteIfExists();

    [TestMethod]
    public async Task A_blob_re_uploaded_under_the_same_name_replaces_the_cached_file()
    {
        // Arrange: a blob folder with two files, downloaded once into a work folder.
        var (folder, uri) = await NewFolderAsync(("data/training.csv", "old,1"), ("keep.txt", "same"));
        var inputs = new LocalInputs(new StorageFolders(TestSetup.Storage), SyntheticFolders.NewFolder("work"));
        var first = await inputs.FolderAsync(uri, "--data", CancellationToken.None);
        Assert.AreEqual("old,1", File.ReadAllText(Path.Combine(first, "data", "training.csv")));
        var keptWrite = File.GetLastWriteTimeUtc(Path.Combine(first, "keep.txt"));

        // Act: overwrite with different content of the same size, download again.
        await UploadAsync(folder, "data/training.csv", "new,2");
        var second = await inputs.FolderAsync(uri, "--data", CancellationToken.None);

        // Assert: the new content is used; the unchanged file was not downloaded again.
        Assert.AreEqual(first, second);
        Assert.AreEqual("new,2", File.ReadAllText(Path.Combine(second, "data", "training.csv")));
        Assert.AreEqual(keptWrite, File.GetLastWriteTimeUtc(Path.Combine(second, "keep.txt")), "an unchanged blob is reused from the cache");
    }

    [TestMethod]
    public async Task A_cached_file_without_a_completed_download_record_is_downloaded_again()
    {
        var (_, uri) = await NewFolderAsync(("a.txt", "blob content"));
        var inputs = new LocalInputs(new StorageFolders(TestSetup.Storage), SyntheticFolders.NewFolder("work"));
        var target = await inputs.FolderAsync(uri, "--data", CancellationToken.None);

        // A download killed before its record was written, over a file of the same size.
        File.WriteAllText(Path.Combine(target, "a.txt"), "half written");
        File.WriteAllText(target + ".index", "a.txt\t12");   // torn line

        await inputs.FolderAsync(uri, "--data", CancellationToken.None);
        Assert.AreEqual("blob content", File.ReadAllText(Path.Combine(target, "a.txt")));
    }

    [TestMethod]
    public async Task Two_jobs_downloading_the_same_input_at_once_both_get_every_file()
    {
        // Two seeds of one dataset start together on one machine and share the cache folder.
        var files = Enumerable.Range(0, 40).Select(i => ($"shard-{i:D2}.bin", new string((char)('a' + i % 26), 20_000))).ToArray();
        var (_, uri) = await NewFolderAsync(files);
        var work = SyntheticFolders.NewFolder("work");
        var storage = new StorageFolders(TestSetup.Storage);

        var targets = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Task.Run(() => new LocalInputs(storage, work).FolderAsync(uri, "--data", CancellationToken.None))));

        Assert.AreEqual(targets[0], targets[1]);
        foreach (var (name, content) in files)
            Assert.AreEqual(content, File.ReadAllText(Path.Combine(targets[0], name)), name);
        Assert.AreEqual(files.Length, Directory.GetFiles(targets[0]).Length, "no temporary file left behind");
    }

    [TestMethod]
    public async Task A_local_file_whose_blob_was_deleted_is_removed_from_the_cache()
    {
        var (folder, uri) = await NewFolderAsync(("a.txt", "a"), ("old/b.txt", "b"));
        var inputs = new LocalInputs(new StorageFolders(TestSetup.Storage), SyntheticFolders.NewFolder("work"));
        var target = await inputs.FolderAsync(uri, "--data", CancellationToken.None);
        Assert.IsTrue(File.Exists(Path.Combine(target, "old", "b.txt")));

        await folder.DeleteAsync("old/b.txt", CancellationToken.None);
        await inputs.FolderAsync(uri, "--data", CancellationToken.None);

        Assert.IsFalse(File.Exists(Path.Combine(target, "old", "b.txt")));
        Assert.AreEqual("a", File.ReadAllText(Path.Combine(target, "a.txt")));
    }

    private static async Task<(IStorageFolder Folder, string Uri)> NewFolderAsync(params (string Name, string Text)[] files)
    {
        var uri = $"http://127.0.0.1:10000/devstoreaccount1/{Container}/set-{Guid.NewGuid():N}/";
        var folder = new StorageFolders(TestSetup.Storage).Open(uri);
        foreach (var (name, text) in files) await UploadAsync(folder, name, text);
        return (folder, uri);
    }

    private static async Task UploadAsync(IStorageFolder folder, string name, string text)
    {
        var local = Path.Combine(SyntheticFolders.NewFolder("upload"), "f");
        await File.WriteAllTextAsync(local, text);
        await folder.UploadAsync(local, name, CancellationToken.None);
    }
}
