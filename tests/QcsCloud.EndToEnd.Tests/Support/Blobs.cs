using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QcsCloud.Core;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>Azurite's blob containers as the tests see them.</summary>
public static class Blobs
{
    public static BlobServiceClient Service { get; } = new(TestStorage.ConnectionString);

    public static BlobContainerClient Container(string name) => Service.GetBlobContainerClient(name);

    /// <summary>Replaces <c>datasets/&lt;name&gt;/</c> with the files of a local folder.</summary>
    public static async Task UploadDatasetAsync(string name, string folder)
    {
        var container = Container(BlobLayout.DatasetsContainer);
        await container.CreateIfNotExistsAsync();
        var prefix = BlobLayout.DatasetPrefix(name);
        foreach (var blob in await ListAsync(BlobLayout.DatasetsContainer, prefix))
            await container.DeleteBlobIfExistsAsync(blob);
        await Parallel.ForEachAsync(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (file, ct) => await container.GetBlobClient(prefix + Path.GetRelativePath(folder, file).Replace('\\', '/'))
                .UploadAsync(file, overwrite: true, ct));
    }

    public static async Task<IReadOnlyList<string>> ListAsync(string container, string prefix)
    {
        var client = Container(container);
        if (!await client.ExistsAsync()) return [];
        var names = new List<string>();
        await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
            names.Add(blob.Name);
        return names;
    }

    public static async Task<string> ReadTextAsync(string container, string name) =>
        (await Container(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();
}
