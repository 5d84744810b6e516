using System.Security.Cryptography;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Packing;

/// <summary>
/// Writes a read and validated dataset as a few large shard files (<c>shard-00000.bin</c>, ...: the stored payloads
/// back to back), <c>index.tsv</c> and, last, <c>manifest.json</c>. Payloads are stored as they were (JPEG bytes, raw
/// FER pixels), so reading the shards decodes to identical samples. Every image is decoded once on the way in
/// (<see cref="ImageVerifier"/>, in parallel over <see cref="PackOptions.Threads"/>): empty, undecodable, truncated and
/// too small images fail the pack naming each file, or with <see cref="PackOptions.SkipBad"/> are left out and listed
/// in the manifest; the index records each image's decoded size. Entry point of <c>qcs pack</c>.
/// </summary>
public static class DatasetPacker
{
    public static PackManifest Pack(LoadedDataset dataset, string outputDir, PackOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new PackOptions()).Validate();
        Directory.CreateDirectory(outputDir);
        File.Delete(Path.Combine(outputDir, ShardReader.ManifestFile));       // first: a stale manifest must not vouch for new shards
        foreach (var stale in Directory.GetFiles(outputDir, "shard-*.bin")) File.Delete(stale);

        var samples = dataset.Samples;
        var entries = new List<PackIndex.Entry>(samples.Count);
        var bad = new List<BadEntry>();
        var shards = new List<ShardFile>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveThreads, CancellationToken = cancellationToken };
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
                var payloads = new ImagePayload?[n];
                var hashes = new string[n];
                var checks = new VerifiedImage[n];
                Parallel.For(0, n, parallel, i => (payloads[i], hashes[i], checks[i]) = ReadAndVerify(samples[start + i], options.MinSide));
                for (var i = 0; i < n; i++)
                {
                    var sample = samples[start + i];
                    if (sample.Id.IndexOfAny(['\t', '\n', '\r']) >= 0)
                        throw new ArgumentException($"Sample id '{sample.Id}' contains a tab or newline and cannot be packed");
                    if (checks[i].Problem is { } problem)
                    {
                        bad.Add(new BadEntry(sample.Image.Describe, 0, $"{problem} (sample '{sample.Id}')"));
                        continue;
                    }
                    if (shard is null || shard.Length >= options.ShardBytes)
                    {
                        CloseShard();
                        shardIndex++;
                        shard = new FileStream(Path.Combine(outputDir, ShardName(shardIndex)), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                        shardHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    }
                    var p = payloads[i]!;
                    var entry = new PackIndex.Entry(sample.Id, sample.Split, sample.Label, shardIndex, shard.Length, p.Data.Length,
                        p.Format, checks[i].Width, checks[i].Height, sample.Image.Crop, hashes[i]);
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
        if (bad.Count > 0 && !options.SkipBad)
        {
            foreach (var written in shards) File.Delete(Path.Combine(outputDir, written.Name));
            throw new DatasetFormatException(bad);
        }

        var indexPath = Path.Combine(outputDir, PackIndex.FileName);
        using (var writer = new StreamWriter(indexPath))
        {
            writer.NewLine = "\n";
            writer.WriteLine(PackIndex.Header);
            foreach (var e in entries) writer.WriteLine(PackIndex.Line(e));
        }
        var manifest = new PackManifest(PackManifest.CurrentFormatVersion, DatasetCatalog.Name(dataset.Kind), dataset.ClassNames,
            PackIndex.Hex(contentHash.GetHashAndReset())[..32], entries.Count, payloadBytes,
            bad.Count == 0 ? dataset.Report.Counts : Counts(entries, dataset.ClassNames, indexPath), shards,
            PackIndex.FileName, PackIndex.Hex(SHA256.HashData(File.ReadAllBytes(indexPath))),
            dataset.Report.DroppedByRule, [.. dataset.Report.Skipped, .. bad], options.MinSide);
        // Manifest last: its presence means the shards and index beside it are complete.
        File.WriteAllText(Path.Combine(outputDir, ShardReader.ManifestFile), QcsJson.Serialize(manifest));
        return manifest;
    }

    public static string ShardName(int index) => $"shard-{index:D5}.bin";

    private static (ImagePayload?, string, VerifiedImage) ReadAndVerify(Sample sample, int minSide)
    {
        ImagePayload payload;
        try
        {
            payload = sample.Image.ReadPayload();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return (null, "", new VerifiedImage(0, 0, $"unreadable: {e.Message}"));
        }
        var check = ImageVerifier.Check(payload, minSide);
        if (check.Problem is null && sample.Image.Crop is { } box && box.OutsideProblem(check.Width, check.Height) is { } outside)
            check = check with { Problem = outside };
        return (payload, PackIndex.Hex(SHA256.HashData(payload.Data)), check);
    }

    /// <summary>Split -> class -> count of what was packed (after skipping bad images); every class needs training images.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, int>> Counts(List<PackIndex.Entry> entries, IReadOnlyList<string> classNames, string file)
    {
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var split in Enum.GetValues<DatasetSplit>())
        {
            var perClass = new int[classNames.Count];
            var any = false;
            foreach (var e in entries) if (e.Split == split) { perClass[e.Label]++; any = true; }
            if (split == DatasetSplit.Train && Array.IndexOf(perClass, 0) is var empty and >= 0)
                throw new DatasetFormatException(file, 0, $"no training images left for class {empty} ({classNames[empty]}) after skipping bad images");
            if (any) counts[DatasetBuilder.SplitName(split)] = classNames.Select((c, k) => (c, k)).ToDictionary(t => t.c, t => perClass[t.k]);
        }
        return counts;
    }
}
