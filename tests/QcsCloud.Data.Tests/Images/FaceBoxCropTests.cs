using QcsCloud.Data.Images;

namespace QcsCloud.Data.Tests.Images;

/// <summary>
/// A face box past the image edge is cut as PIL's <c>Image.crop</c> cuts it: the result has the box's size and the
/// part outside the image is black (Pillow's own test_wide_crop: a box reaching 25 px past a 100x100 image of 1s
/// holds 1250 zeros).
/// </summary>
[TestClass]
public sealed class FaceBoxCropTests
{
    /// <summary>A 3x2 image whose pixel (x, y) has all channels 10*(y+1)+x+1: 11 12 13 / 21 22 23.</summary>
    private static RgbImage Small() => new(3, 2, new byte[] { 11, 12, 13, 21, 22, 23 }.SelectMany(v => new[] { v, v, v }).ToArray());

    private static byte[] Red(RgbImage image) => image.Pixels.Where((_, i) => i % 3 == 0).ToArray();

    [TestMethod]
    public void A_box_inside_the_image_is_cut_exactly()
    {
        CollectionAssert.AreEqual(new byte[] { 12, 13, 22, 23 }, Red(Small().Crop(new PixelBox(1, 0, 2, 2))));
    }

    [TestMethod]
    public void A_box_past_the_top_left_corner_is_padded_with_black()
    {
        var face = Small().Crop(new PixelBox(-1, -1, 3, 3));

        Assert.AreEqual((3, 3), (face.Width, face.Height));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 0, 11, 12, 0, 21, 22 }, Red(face));
    }

    [TestMethod]
    public void A_box_past_the_bottom_right_corner_is_padded_with_black()
    {
        var face = Small().Crop(new PixelBox(2, 1, 3, 2));

        Assert.AreEqual((3, 2), (face.Width, face.Height));
        CollectionAssert.AreEqual(new byte[] { 23, 0, 0, 0, 0, 0 }, Red(face));
    }

    [TestMethod]
    public void A_box_wider_than_the_image_keeps_its_size()
    {
        var face = Small().Crop(new PixelBox(-2, 0, 7, 1));

        CollectionAssert.AreEqual(new byte[] { 0, 0, 11, 12, 13, 0, 0 }, Red(face));
    }

    [TestMethod]
    [DataRow(3, 0, 2, 2)]
    [DataRow(0, 2, 2, 2)]
    [DataRow(-2, 0, 2, 2)]
    [DataRow(0, -5, 2, 5)]
    public void A_box_entirely_outside_the_image_is_named_as_a_problem(int x, int y, int w, int h)
    {
        StringAssert.Contains(new PixelBox(x, y, w, h).OutsideProblem(3, 2), "lies entirely outside the 3x2 image");
    }

    [TestMethod]
    public void A_box_that_overlaps_by_one_pixel_is_no_problem()
    {
        Assert.IsNull(new PixelBox(-1, -1, 2, 2).OutsideProblem(3, 2));
        Assert.IsNull(new PixelBox(2, 1, 5, 5).OutsideProblem(3, 2));
    }
}
