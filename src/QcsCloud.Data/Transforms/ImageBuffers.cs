using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>
/// Supplies the intermediate images of one pipeline run. <see cref="Fresh"/> allocates; <see cref="ThreadScratch"/>
/// reuses per-thread arrays, so a loader worker does not put ~150 KB arrays on the large-object heap for every stage
/// of every image (gen-2 collections otherwise dominate). Contents of a rented buffer are undefined.
/// </summary>
internal abstract class ImageBuffers
{
    public abstract RgbImage Get(int width, int height, int slot);

    public static ImageBuffers Fresh { get; } = new FreshBuffers();

    [ThreadStatic] private static ScratchBuffers? scratch;

    public static ImageBuffers ThreadScratch => scratch ??= new ScratchBuffers();

    private sealed class FreshBuffers : ImageBuffers
    {
        public override RgbImage Get(int width, int height, int slot) => new(width, height);
    }

    private sealed class ScratchBuffers : ImageBuffers
    {
        private readonly Dictionary<(int Slot, int Width, int Height), RgbImage> images = [];

        public override RgbImage Get(int width, int height, int slot)
        {
            if (!images.TryGetValue((slot, width, height), out var image))
                images[(slot, width, height)] = image = new RgbImage(width, height);
            return image;
        }
    }
}
