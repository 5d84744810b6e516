
namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>Tiny synthetic datasets written once per test run with <c>qcs synth</c> and uploaded to <c>datasets/</c>.</summary>
public static class SyntheticData
{
    public const int PerClass = 10;   // AffectNet recipes sample 1/12 of the training split per epoch: 10 per class still gives a batch
    public const int Seed = 11;

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), $"qcs-e2e-{Environment.ProcessId}");

    private static readonly SemaphoreSlim gate = new(1, 1);
    private static readonly HashSet<string> uploaded = [];

    /// <summary>Writes (once) and uploads (once per test run) <c>datasets/&lt;name&gt;/</c> for a format.</summary>
    public static async Task<string> EnsureUploadedAsync(string format)
    {
        await gate.WaitAsync();
        try
        {
            var folder = Path.Combine(Root, format);
            if (uploaded.Contains(format)) return folder;
            if (!Directory.Exists(folder)) await Trainer.SynthAsync(format, folder, PerClass, Seed);
            await Blobs.UploadDatasetAsync(format, folder);
            uploaded.Add(format);
            return folder;
        }
        finally { gate.Release(); }
    }

    public static void Delete()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
