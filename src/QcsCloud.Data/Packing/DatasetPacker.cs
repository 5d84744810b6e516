using System.Security.Cryptography;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Packing;

/// <summary>
/// Writes a read and validated dataset as a few large shard files (<c>shard-00000.bin</c>, ...: the stored payloads
/// back to back), <c>index.tsv</c> and, last, <c>manifest.json</c>. Payloads are stored as they were (JPEG bytes, raw
/// FER pixels), so reading the shards decodes to identical samples. Entry point of <c>qcs pack</c>.
/// </summary>
public static class DatasetPacker
{
    public static PackManifest Pack(LoadedDataset dataset, string outputDir, PackOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new PackOptions()).Validate();
        Directory.CreateDirectory(outputDir);
        foreach (var stale in Directory.GetFiles(outputDir, "shard-*.bin")) File.Delete(stale);

        var samples = dataset.Samples;
        var entries = new List<PackIndex.Entry>(samples.Count);
        var shards = new List<ShardFile>();
        using var contentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        contentHash.AppendData(PackIndex.Utf8($"{DatasetCatalog.Name(dataset.Kind)}\n{string.Join('\t', dataset.ClassNames)}\n"));

        FileStream? shard = null;
        IncrementalHash? shardHash = null;
        var shardIndex = -1;
        long payloadBytes = 0;
        void CloseShard()
        {
            if (shard is null) return;
            shard.Flush();
            shards.Add(new ShardFile(Path.GetFileName(shard.Name), shard.Length, PackIndex.Hex(shardHash!.GetHashAndReset())));
            shard.Dispose();
            shardHash.Dispose();
            shard = null;
        }
        try
        {
            for (var start = 0; start < samples.Count; start += options.ReadAhead)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = Math.Min(options.ReadAhead, samples.Count - start);
                var payloads = new Images.ImagePayload[n];
                var hashes = new string[n];
                Parallel.For(0, n, i =>
                {
                    payloads[i] = samples[start + i].Image.ReadPayload();
                    hashes[i] = PackIndex.Hex(SHA256.HashData(payloads[i].Data));
                });
                for (var i = 0; i < n; i++)
                {
                    var sample = samples[start + i];
                    if (sample.Id.IndexOfAny(['\t', '\n', '\r']) >= 0)
                        throw new ArgumentException($"Sample id '{sample.Id}' contains a tab or newline and cannot be packed");
                    if (shard is null || shard.Length >= options.ShardBytes)
                    {
                        CloseShard();
                        shardIndex++;
                        shard = new FileStream(Path.Combine(outputDir, ShardName(shardIndex)), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                        shardHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    }
                    var p = payloads[i];
                    var entry = new PackIndex.Entry(sample.Id, sample.Split, sample.Label, shardIndex, shard.Length, p.Data.Length,
                        p.Format, p.Width, p.Height, sample.Image.Crop, hashes[i]);
                    shard.Write(p.Data);
                    shardHash!.AppendData(p.Data);
                    payloadBytes += p.Data.Length;
                    entries.Add(entry);
                    contentHash.AppendData(PackIndex.Utf8(PackIndex.ContentLine(entry)));
                }
            }
            CloseShard();
        }
        finally
        {
            shard?.Dispose();
            shardHash?.Dispose();
        }

        var indexPath = Path.Combine(outputDir, PackIndex.FileName);
        using (var writer = new StreamWriter(indexPath))
        {
            writer.NewLine = "\n";
            writer.WriteLine(PackIndex.Header);
            foreach (var e in entries) writer.WriteLine(PackIndex.Line(e));
        }
        var manifest = new PackManifest(PackManifest.CurrentFormatVersion, DatasetCatalog.Name(dataset.Kind), dataset.ClassNames,
            PackIndex.Hex(contentHash.GetHashAndReset())[..32], entries.Count, payloadBytes, dataset.Report.Counts, shards,
            PackIndex.FileName, PackIndex.Hex(SHA256.HashData(File.ReadAllBytes(indexPath))),
            dataset.Report.DroppedByRule, dataset.Report.Skipped);
        // Manifest last: its presence means the shards and index beside it are complete.
        File.WriteAllText(Path.Combine(outputDir, ShardReader.ManifestFile), QcsJson.Serialize(manifest));
        return manifest;
    }

    public static string ShardName(int index) => $"shard-{index:D5}.bin";
}
