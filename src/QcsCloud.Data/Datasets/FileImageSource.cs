using QcsCloud.Data.Images;

namespace QcsCloud.Data.Datasets;

/// <summary>An image file on disk (RAF-DB, AffectNet, FER+ image folders, generic lists).</summary>
public sealed class FileImageSource(string path) : ImageSource
{
    public string Path { get; } = path;
    public override string Describe => Path;
    public override ImagePayload ReadPayload() => new(PayloadFormat.Encoded, File.ReadAllBytes(Path));
}
