using System.Security.Cryptography;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Packing;

/// <summary>Reads a folder written by <see cref="DatasetPacker"/> back into a <see cref="LoadedDataset"/>.</summary>
public static class ShardReader
{
    public const string ManifestFile = BlobLayout.ManifestFile;

    public static PackManifest ReadManifest(string root)
    {
        var path = Path.Combine(root, ManifestFile);
        if (!File.Exists(path)) throw new DatasetFormatException(path, 0, "packed dataset manifest not found");
        PackManifest manifest;
        try { manifest = QcsJson.Deserialize<PackManifest>(File.ReadAllText(path), path); }
        catch (System.Text.Json.JsonException e) { throw new DatasetFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"invalid manifest JSON: {e.Message}"); }
        if (manifest.FormatVersion != PackManifest.CurrentFormatVersion)
            throw new DatasetFormatException(path, 0, $"formatVersion {manifest.FormatVersion} is not supported (expected {PackManifest.CurrentFormatVersion})");
        return manifest;
    }

    /// <summary>Reads manifest and index, checks shard sizes; <paramref name="expected"/> guards against the wrong dataset.</summary>
    public static LoadedDataset Read(string root, DatasetKind? expected = null, bool allowTruncated = false)
    {
        var manifest = ReadManifest(root);
        var manifestPath = Path.Combine(root, ManifestFile);
        if (!DatasetCatalog.TryParse(manifest.Kind, out var kind))
            throw new DatasetFormatException(manifestPath, 0, $"kind '{manifest.Kind}' is not a known dataset");
        if (expected is { } e && e != kind)
            throw new DatasetFormatException(manifestPath, 0, $"packed folder holds {manifest.Kind}, not {DatasetCatalog.Name(e)}");
        var shardPaths = new string[manifest.Shards.Count];
        for (var i = 0; i < shardPaths.Length; i++)
        {
            var s = manifest.Shards[i];
            shardPaths[i] = Path.Combine(root, Path.GetFileName(s.Name));
            var info = new FileInfo(shardPaths[i]);
            if (!info.Exists) throw new DatasetFormatException(shardPaths[i], 0, "shard listed in the manifest is missing");
            if (info.Length != s.Bytes) throw new DatasetFormatException(shardPaths[i], 0, $"shard has {info.Length} bytes; the manifest says {s.Bytes}");
        }
        var indexPath = Path.Combine(root, Path.GetFileName(manifest.IndexFile));
        if (!File.Exists(indexPath)) throw new DatasetFormatException(indexPath, 0, "shard index listed in the manifest is missing");
        var samples = new List<Sample>(manifest.SampleCount);
        var lineNo = 0;
        foreach (var line in File.ReadLines(indexPath))
        {
            lineNo++;
            if (lineNo == 1 || line.Length == 0) continue;
            var entry = PackIndex.Parse(line, indexPath, lineNo);
            if (entry.Shard < 0 || entry.Shard >= shardPaths.Length)
                throw new DatasetFormatException(indexPath, lineNo, $"shard {entry.Shard} is not in the manifest");
            if (entry.Label < 0 || entry.Label >= manifest.ClassNames.Count)
                throw new DatasetFormatException(indexPath, lineNo, $"label {entry.Label} is out of range 0..{manifest.ClassNames.Count - 1}");
            if (entry.Offset < 0 || entry.Offset + entry.Length > manifest.Shards[entry.Shard].Bytes)
                throw new DatasetFormatException(indexPath, lineNo, $"range {entry.Offset}+{entry.Length} is outside shard {entry.Shard}");
            var source = new ShardImageSource(shardPaths[entry.Shard], entry.Offset, entry.Length, entry.Format, entry.Width, entry.Height, entry.Id)
            {
                Crop = entry.Crop,
                AllowTruncated = allowTruncated,
            };
            samples.Add(new Sample(entry.Id, entry.Label, entry.Split, source));
        }
        if (samples.Count != manifest.SampleCount)
            throw new DatasetFormatException(indexPath, 0, $"index has {samples.Count} samples; the manifest says {manifest.SampleCount}");
        var report = new DatasetReadReport(manifest.Kind, root, manifest.ClassNames, manifest.Counts, manifest.DroppedByRule, manifest.Skipped);
        return new LoadedDataset(kind, root, manifest.ClassNames, samples, report);
    }

    /// <summary>Recomputes the SHA-256 of the index and every shard; throws naming the first file that differs.</summary>
    public static void Verify(string root)
    {
        var manifest = ReadManifest(root);
        var indexPath = Path.Combine(root, Path.GetFileName(manifest.IndexFile));
        Check(indexPath, manifest.IndexSha256);
        foreach (var s in manifest.Shards) Check(Path.Combine(root, Path.GetFileName(s.Name)), s.Sha256);
    }

    private static void Check(string path, string expected)
    {
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        if (actual != expected) throw new DatasetFormatException(path, 0, $"SHA-256 {actual} differs from the manifest's {expected}");
    }
}
