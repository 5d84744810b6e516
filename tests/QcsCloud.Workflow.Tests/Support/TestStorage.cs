using Azure.Storage.Blobs;
using QcsCloud.Core;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Tests.Support;

/// <summary>Real Azurite (env QCS_TEST_STORAGE, set by infra/scripts/test.sh), isolated by a container prefix per test run.</summary>
public static class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("QCS_TEST_STORAGE") is { Length: > 0 } cs ? cs : "UseDevelopmentStorage=true";

    public static string NewPrefix() => $"wf{Guid.NewGuid().ToString("N")[..8]}-";

    public static QcsStorage Create(string prefix) => new(new BlobServiceClient(ConnectionString), prefix);

    /// <summary>Uploads a few small files as <c>datasets/&lt;name&gt;/</c> (content only matters for the hash).</summary>
    public static async Task UploadDatasetAsync(QcsStorage storage, string dataset, string salt = "")
    {
        var container = storage.Container(BlobLayout.DatasetsContainer);
        await container.CreateIfNotExistsAsync();
        for (var i = 0; i < 3; i++)
            await container.GetBlobClient($"{dataset}/train/{i}.jpg").UploadAsync(BinaryData.FromString($"{dataset}-{i}-{salt}"), overwrite: true);
    }

    public static async Task DeleteContainersAsync(QcsStorage storage)
    {
        await foreach (var c in storage.Service.GetBlobContainersAsync(prefix: storage.ContainerPrefix))
            await storage.Service.DeleteBlobContainerAsync(c.Name);
    }
}
