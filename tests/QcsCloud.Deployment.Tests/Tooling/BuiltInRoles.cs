namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// The built-in Azure roles the templates may assign, with their permissions as Azure documents them (actions and
/// data actions; wildcards expanded to the operations QcsCloud names). A role not listed here fails the wiring test:
/// add it with its documented permissions, or use a narrower one.
/// </summary>
public static class BuiltInRoles
{
    private const string Blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
    private const string Messages = "Microsoft.Storage/storageAccounts/queueServices/queues/messages";
    private const string Entities = "Microsoft.Storage/storageAccounts/tableServices/tables/entities";
    private const string DelegationKey = "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action";

    public static IReadOnlyDictionary<string, (string Name, string[] Permissions)> All { get; } =
        new Dictionary<string, (string, string[])>(StringComparer.OrdinalIgnoreCase)
        {
            ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = ("Storage Blob Data Contributor",
                ["Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/containers/write",
                 "Microsoft.Storage/storageAccounts/blobServices/containers/delete", DelegationKey,
                 $"{Blobs}/read", $"{Blobs}/write", $"{Blobs}/delete", $"{Blobs}/move/action", $"{Blobs}/add/action"]),
            ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = ("Storage Blob Data Reader",
                ["Microsoft.Storage/storageAccounts/blobServices/containers/read", DelegationKey, $"{Blobs}/read"]),
            ["db58b8e5-c6ad-4a2a-8342-4fbabcbe9b60"] = ("Storage Blob Delegator", [DelegationKey]),
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = ("Storage Queue Data Contributor",
                ["Microsoft.Storage/storageAccounts/queueServices/queues/read", "Microsoft.Storage/storageAccounts/queueServices/queues/write",
                 "Microsoft.Storage/storageAccounts/queueServices/queues/delete",
                 $"{Messages}/read", $"{Messages}/write", $"{Messages}/delete", $"{Messages}/add/action", $"{Messages}/process/action"]),
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = ("Storage Table Data Contributor",
                ["Microsoft.Storage/storageAccounts/tableServices/tables/read", "Microsoft.Storage/storageAccounts/tableServices/tables/write",
                 "Microsoft.Storage/storageAccounts/tableServices/tables/delete",
                 $"{Entities}/read", $"{Entities}/write", $"{Entities}/delete", $"{Entities}/add/action", $"{Entities}/update/action"]),
            ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = ("AcrPull", ["Microsoft.ContainerRegistry/registries/pull/read"]),
            ["3913510d-42f4-4e42-8a64-420c390055eb"] = ("Monitoring Metrics Publisher",
                ["Microsoft.Insights/Register/Action", "Microsoft.Support/*", "Microsoft.Resources/subscriptions/resourceGroups/read",
                 "Microsoft.Insights/Metrics/Write", "Microsoft.Insights/Telemetry/Write"]),
        };

    /// <summary>The blob data actions that change data: a role holding one of them is a "write" role.</summary>
    public static readonly string[] BlobWrites = [$"{Blobs}/write", $"{Blobs}/delete", $"{Blobs}/move/action", $"{Blobs}/add/action"];
}
