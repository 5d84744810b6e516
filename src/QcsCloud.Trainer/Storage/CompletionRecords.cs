using QcsCloud.Core;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// Reads <c>completion.json</c> and writes failure records that never replace a success: a shared staging folder
/// keeps the first successful pack's record whatever a later failing one does (an ETag condition on blob storage).
/// </summary>
public static class CompletionRecords
{
    public static async Task<JobCompletion?> ReadAsync(IStorageFolder folder, CancellationToken cancellationToken) =>
        Parse(await folder.ReadTextAsync(BlobLayout.CompletionFile, cancellationToken), folder.Location);

    /// <summary>Writes <paramref name="failure"/> unless a success record is there; false when it left the folder's record as it was.</summary>
    public static async Task<bool> TryRecordFailureAsync(IStorageFolder folder, JobCompletion failure, CancellationToken cancellationToken)
    {
        var json = QcsJson.Serialize(failure);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await folder.ReadTextAsync(BlobLayout.CompletionFile, cancellationToken);
            if (Parse(existing, folder.Location)?.Succeeded == true) return false;
            if (await folder.TryWriteTextAsync(BlobLayout.CompletionFile, json, existing?.Version, cancellationToken)) return true;
            // Changed between read and write: read again (it may be a success now).
        }
        return false;
    }

    private static JobCompletion? Parse(StoredText? stored, string location)
    {
        if (stored is null) return null;
        try
        {
            return QcsJson.Deserialize<JobCompletion>(stored.Text, $"{location}/{BlobLayout.CompletionFile}");
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            return null;   // unreadable: not a success, may be replaced
        }
    }
}
