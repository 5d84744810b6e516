using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Tests.Images;

/// <summary>Decoding refuses a truncated file (as PIL does by default) unless told to allow it.</summary>
[TestClass]
public sealed class TruncatedImageTests
{
    private static byte[] TruncatedJpeg()
    {
        var pixels = Enumerable.Range(0, 100 * 100 * 3).Select(i => (byte)(i * 7 % 256)).ToArray();
        return ImageEncoder.EncodeJpeg(new RgbImage(100, 100, pixels))[..600];
    }

    [TestMethod]
    public void A_truncated_jpeg_is_refused_naming_the_source()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.Decode(TruncatedJpeg(), "faces/cut.jpg"));

        StringAssert.StartsWith(error.Message, "faces/cut.jpg: truncated image");
    }

    [TestMethod]
    public void A_truncated_jpeg_decodes_when_allowed()
    {
        var image = ImageDecoder.Decode(TruncatedJpeg(), "faces/cut.jpg", allowTruncated: true);

        Assert.AreEqual((100, 100), (image.Width, image.Height));
    }

    [TestMethod]
    public void An_image_source_passes_its_allow_truncated_setting_to_the_decoder()
    {
        using var t = new TempFolder();
        var path = t.Combine("cut.jpg");
        File.WriteAllBytes(path, TruncatedJpeg());

        var error = Assert.ThrowsExactly<InvalidDataException>(() => new FileImageSource(path).Load());
        var image = new FileImageSource(path) { AllowTruncated = true }.Load();

        StringAssert.Contains(error.Message, path);
        Assert.AreEqual(100, image.Width);
    }
}
