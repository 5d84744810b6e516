using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace QcsCloud.Trainer.Tests;

/// <summary>
/// Records each blob a client commits, in the order the storage service answered: write order checked by events,
/// not by <c>LastModified</c> (Azurite gives it in whole seconds). A commit is a PUT of a whole blob or of a block
/// list; staged blocks and container creation are not.
/// </summary>
internal sealed class BlobWriteLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> writes = new();

    /// <summary>Blob paths (<c>/account/container/name</c>), first committed first.</summary>
    public IReadOnlyList<string> Writes => writes.ToList();

    public BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Position of the last commit of the blob whose path ends with <paramref name="name"/>; -1 if none.</summary>
    public int LastIndexOf(string name) => Writes.ToList().FindLastIndex(w => w.EndsWith("/" + name, StringComparison.Ordinal));

    public override void OnReceivedResponse(HttpMessage message)
    {
        var query = message.Request.Uri.Query;
        var commit = !query.Contains("restype=container", StringComparison.Ordinal)
            && (!query.Contains("comp=", StringComparison.Ordinal) || query.Contains("comp=blocklist", StringComparison.Ordinal));
        if (message.Request.Method == RequestMethod.Put && message.Response.Status == 201 && commit)
            writes.Enqueue(Uri.UnescapeDataString(message.Request.Uri.Path));
    }
}
