using QcsCloud.Data.Images;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Transforms;

/// <summary>Our pixel operations against PIL 9.4 outputs (Fixtures/make_fixtures.py).</summary>
[TestClass]
public sealed class PilParityTests
{
    private static RgbImage Fixture(string name) => ImageDecoder.DecodeFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static RgbImage Copy(RgbImage image) => new(image.Width, image.Height, (byte[])image.Pixels.Clone());

    private static void AssertSame(RgbImage expected, RgbImage actual, string what, int tolerance = 0)
    {
        Assert.AreEqual((expected.Width, expected.Height), (actual.Width, actual.Height), what);
        var worst = expected.Pixels.Zip(actual.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.IsTrue(worst <= tolerance, $"{what}: largest pixel difference {worst} > {tolerance}");
    }

    [TestMethod]
    [DataRow(100, 61)]
    [DataRow(16, 9)]
    [DataRow(224, 224)]
    [DataRow(29, 40)]
    public void Bilinear_resize_is_pixel_identical_to_pil(int width, int height)
    {
        var resized = PilResize.Resize(Fixture("source.png"), width, height);

        AssertSame(Fixture($"resize-{width}x{height}.png"), resized, $"resize {width}x{height}");
    }

    [TestMethod]
    [DataRow(7.3)]
    [DataRow(-11.0)]
    public void Nearest_rotation_matches_pil(double degrees)
    {
        var expected = Fixture($"rotate-{degrees:0.0}.png");
        var rotated = PilGeometry.Rotate(Fixture("source.png"), degrees);

        var differing = Enumerable.Range(0, expected.Width * expected.Height)
            .Count(i => expected.Pixels[3 * i] != rotated.Pixels[3 * i] || expected.Pixels[3 * i + 1] != rotated.Pixels[3 * i + 1]);
        Assert.IsTrue(differing <= expected.Width * expected.Height / 100, $"{differing} pixels differ (PIL uses 16.16 fixed point; at most 1% may round differently)");
    }

    [TestMethod]
    public void Brightness_contrast_and_saturation_match_pil_image_enhance()
    {
        var source = Fixture("source.png");
        var b = Copy(source); PilColor.Brightness(b, 1.17f);
        var c = Copy(source); PilColor.Contrast(c, 0.83f);
        var s = Copy(source); PilColor.Saturation(s, 1.12f);

        AssertSame(Fixture("brightness-1.17.png"), b, "brightness");
        AssertSame(Fixture("contrast-0.83.png"), c, "contrast");
        AssertSame(Fixture("saturation-1.12.png"), s, "saturation");
    }

    [TestMethod]
    [DataRow(0.07f, "hue-0.07.png")]
    [DataRow(-0.05f, "hue--0.05.png")]
    public void Hue_shift_matches_torchvision_on_pil(float factor, string file)
    {
        var image = Copy(Fixture("source.png"));
        PilColor.Hue(image, factor);

        AssertSame(Fixture(file), image, $"hue {factor}");
    }

    [TestMethod]
    public void Jpeg_decodes_identically_to_pil()
    {
        AssertSame(Fixture("photo-decoded.png"), Fixture("photo.jpg"), "jpeg");
    }

    [TestMethod]
    public void Exif_orientation_is_applied_like_pil_exif_transpose()
    {
        var decoded = Fixture("photo-exif6.jpg");

        Assert.AreEqual((40, 64), (decoded.Width, decoded.Height), "orientation 6 turns 64x40 into 40x64");
        AssertSame(Fixture("photo-exif6-decoded.png"), decoded, "exif 6");
        Assert.AreEqual((40, 64), ImageDecoder.ReadHeader(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-exif6.jpg")));
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    [DataRow(7)]
    [DataRow(8)]
    public void Every_exif_orientation_decodes_like_pil_exif_transpose(int orientation)
    {
        // orient-N.jpg: a 24x15 picture stored with EXIF orientation N; orient-N-decoded.png: PIL's exif_transpose of it.
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", $"orient-{orientation}.jpg");
        var expected = Fixture($"orient-{orientation}-decoded.png");

        var decoded = ImageDecoder.DecodeFile(file);

        AssertSame(expected, decoded, $"exif orientation {orientation}");
        Assert.AreEqual((expected.Width, expected.Height), ImageDecoder.ReadHeader(file), "header size after orientation");
    }

    [TestMethod]
    public void Grey_png_is_expanded_to_rgb()
    {
        var grey = Fixture("grey.png");
        var source = Fixture("source.png");

        for (var i = 0; i < grey.Width * grey.Height; i++)
        {
            Assert.AreEqual(grey.Pixels[3 * i], grey.Pixels[3 * i + 2]);
            Assert.AreEqual(PilColor.Luma(source.Pixels[3 * i], source.Pixels[3 * i + 1], source.Pixels[3 * i + 2]), grey.Pixels[3 * i]);
        }
    }

    [TestMethod]
    public void Hue_colour_cache_gives_the_same_pixels_as_converting_each_pixel_alone()
    {
        var source = Fixture("photo.jpg");                             // smooth JPEG: many repeated colours
        var whole = Copy(source);
        PilColor.Hue(whole, -0.08f);

        for (var i = 0; i < source.Width * source.Height; i++)
        {
            var one = new RgbImage(1, 1, source.Pixels[(3 * i)..(3 * i + 3)]);
            PilColor.Hue(one, -0.08f);
            CollectionAssert.AreEqual(one.Pixels, whole.Pixels[(3 * i)..(3 * i + 3)], $"pixel {i}");
        }
    }
}
