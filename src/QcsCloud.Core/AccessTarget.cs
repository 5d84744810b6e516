namespace QcsCloud.Core;

/// <summary>The kinds of Azure resource an <see cref="AccessRequirement"/> can name.</summary>
public enum AccessTarget
{
    /// <summary>A blob container of the data account (<see cref="BlobLayout"/>).</summary>
    DataContainer,
    /// <summary>The data account's blob service as a whole (user delegation keys).</summary>
    DataAccount,
    /// <summary>The Function App's own account: host blobs, the Durable Task hub's queues and tables, the package.</summary>
    HostAccount,
    /// <summary>A Container Apps job: <c>train</c> or <c>stage</c>.</summary>
    Job,
}
