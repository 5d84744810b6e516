using System.ComponentModel.DataAnnotations;

namespace QcsCloud.LocalHost;

/// <summary>
/// Settings of the local host (configuration section <c>LocalHost</c>; environment
/// <c>LocalHost__ApiPort=7071</c> etc.). Defaults are local mode's: API on 127.0.0.1:7071, Azurite,
/// one partition and short visibility timeouts so that a killed host resumes within seconds.
/// </summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>Port of the HTTP API (HTTP/1.1) on 127.0.0.1; routes live under <c>/api</c>.</summary>
    [Range(1, 65535)]
    public int ApiPort { get; set; } = 7071;

    /// <summary>Port of the in-process durable backend (gRPC, HTTP/2) on 127.0.0.1; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; }

    /// <summary>Storage for the durable state; empty means <c>QCS_STORAGE_CONNECTION_STRING</c>, else Azurite.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Task hub (prefix of the durable queues and tables): letters and digits, 3-45 characters.</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    public string TaskHubName { get; set; } = "QcsLocal";

    /// <summary>Control-queue partitions; one is plenty on one machine and makes failover simplest.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 1;

    /// <summary>Longest wait between empty queue polls; the 30 s default makes local runs feel stuck.</summary>
    [Range(10, 30_000)]
    public int MaxQueuePollingMilliseconds { get; set; } = 100;

    /// <summary>
    /// How long a dequeued message stays invisible. After a crash its messages reappear only after this,
    /// so it bounds recovery time (the 5-minute default means 5 minutes); keep it above the longest activity.
    /// </summary>
    [Range(5, 3600)]
    public int QueueVisibilityTimeoutSeconds { get; set; } = 15;

    /// <summary>Partition lease length; a dead host's lease expires after this.</summary>
    [Range(5, 60)]
    public int LeaseSeconds { get; set; } = 10;

    [Range(1, 64)]
    public int MaxConcurrentActivities { get; set; } = 8;

    [Range(1, 64)]
    public int MaxConcurrentOrchestrations { get; set; } = 8;

    public string ResolveConnectionString() =>
        !string.IsNullOrWhiteSpace(StorageConnectionString) ? StorageConnectionString
        : Environment.GetEnvironmentVariable("QCS_STORAGE_CONNECTION_STRING") is { Length: > 0 } fromEnv ? fromEnv
        : "UseDevelopmentStorage=true";

    /// <summary>Every problem at once, each naming the setting and the value received.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var problems = results
            .Select(r => $"{Section}:{string.Join(",", r.MemberNames)} = '{ValueOf(r.MemberNames.FirstOrDefault())}': {r.ErrorMessage}")
            .ToList();
        if (GrpcPort != 0 && GrpcPort == ApiPort)
            problems.Add($"{Section}:GrpcPort ({GrpcPort}) must differ from {Section}:ApiPort ({ApiPort})");
        return problems;
    }

    private object? ValueOf(string? property) =>
        property is null ? null : typeof(LocalHostOptions).GetProperty(property)?.GetValue(this);
}
