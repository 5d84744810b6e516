using Azure.Storage.Blobs;

namespace QcsCloud.Trainer.Tests;

/// <summary>A test class's own Azurite container (one per test process), deleted at class clean-up.</summary>
internal sealed class TestContainer(string name)
{
    public string Name { get; } = $"{name}-{Environment.ProcessId}";

    public BlobContainerClient Client => new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Name);

    /// <summary>The blob folder URI of <paramref name="prefix"/> (ending in '/') as a job is given it.</summary>
    public string FolderUri(string prefix) => $"http://127.0.0.1:10000/devstoreaccount1/{Name}/{prefix}";

    public void Delete() => Client.DeleteIfExists();
}
