using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Packing;

namespace QcsCloud.Data.Readers;

/// <summary>
/// The one entry point: reads an official layout, or a packed folder (<c>manifest.json</c> + shards) with identical
/// samples. Everything is validated up front; see <see cref="DatasetReadOptions"/> for the skip policy.
/// </summary>
public static class DatasetReader
{
    public static LoadedDataset Read(DatasetKind kind, string root, DatasetReadOptions? options = null)
    {
        options ??= DatasetReadOptions.Strict;
        if (!Directory.Exists(root))
            throw new DatasetFormatException(root, 0, "dataset folder not found");
        if (File.Exists(Path.Combine(root, ShardReader.ManifestFile)))
            return ShardReader.Read(root, kind, options.AllowTruncated);
        return kind switch
        {
            DatasetKind.RafDb => RafDbReader.Read(root, options),
            DatasetKind.FerPlus => FerPlusReader.Read(root, options),
            DatasetKind.AffectNet7 or DatasetKind.AffectNet8 => AffectNetReader.Read(root, kind, options),
            DatasetKind.Generic => GenericListReader.Read(root, options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown dataset kind"),
        };
    }
}
