using QcsCloud.Data.Images;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Transforms;

[TestClass]
public sealed class ImageTransformTests
{
    private static RgbImage Source() => ImageDecoder.DecodeFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo.jpg"));

    [TestMethod]
    public void Eval_transform_is_resize_then_imagenet_normalisation_in_chw()
    {
        var image = new RgbImage(10, 10);
        Array.Fill(image.Pixels, (byte)255);
        for (var i = 0; i < 100; i++) image.Pixels[3 * i] = 0;        // R = 0, G = B = 255

        var x = ImageTransform.Apply(image, TransformOptions.RafDb(train: false, size: 16), null);

        Assert.AreEqual(3 * 16 * 16, x.Length);
        Assert.AreEqual(-0.485f / 0.229f, x[0], 1e-6f);                  // channel 0 plane first
        Assert.AreEqual((1 - 0.456f) / 0.224f, x[16 * 16], 1e-6f);
        Assert.AreEqual((1 - 0.406f) / 0.225f, x[2 * 16 * 16 + 255], 1e-6f);
    }

    [TestMethod]
    public void The_same_seed_gives_the_same_augmentation_and_another_seed_differs()
    {
        var options = TransformOptions.FerPlus(train: true, size: 48);

        var a = ImageTransform.Apply(Source(), options, SeededRandom.For(1, 2, 3, 0));
        var b = ImageTransform.Apply(Source(), options, SeededRandom.For(1, 2, 3, 0));
        var otherBranch = ImageTransform.Apply(Source(), options, SeededRandom.For(1, 2, 3, 1));

        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, otherBranch, "each image of a tuple gets its own augmentation");
    }

    [TestMethod]
    public void Ferplus_eval_resizes_to_232_share_and_center_crops()
    {
        var options = TransformOptions.FerPlus(train: false);

        Assert.AreEqual((232, 224), (options.ResizeTo, options.CropSize));
        Assert.AreEqual(236, TransformOptions.AffectNet(false).ResizeTo);
        Assert.AreEqual(116, TransformOptions.FerPlus(false, 112).ResizeTo);
        var x = ImageTransform.Apply(Source(), options, null);
        Assert.AreEqual(3 * 224 * 224, x.Length);
    }

    [TestMethod]
    public void Random_erasing_zeroes_one_rectangle_in_every_channel()
    {
        var options = new TransformOptions(32, 32, EraseProbability: 1, EraseScaleMin: 0.1, EraseScaleMax: 0.1);
        var image = new RgbImage(32, 32);
        Array.Fill(image.Pixels, (byte)200);

        var x = ImageTransform.Apply(image, options, new SeededRandom(9));

        var zeros = Enumerable.Range(0, 32 * 32).Where(i => x[i] == 0f).ToArray();
        Assert.IsTrue(zeros.Length is >= 80 and <= 125, $"about 10% of 1024 pixels erased, got {zeros.Length}");
        foreach (var i in zeros) Assert.AreEqual(0f, x[2 * 1024 + i]);
        int rows = zeros.Select(i => i / 32).Distinct().Count(), cols = zeros.Select(i => i % 32).Distinct().Count();
        Assert.AreEqual(rows * cols, zeros.Length, "the erased pixels form a rectangle");
    }

    [TestMethod]
    public void Train_augmentation_flips_about_half_the_time()
    {
        var options = new TransformOptions(8, 8, HFlipProbability: 0.5);
        var image = new RgbImage(8, 8);
        image.Pixels[0] = 255;                                           // one bright pixel, top-left

        var flipped = Enumerable.Range(0, 400).Count(i => ImageTransform.Apply(image, options, SeededRandom.For(0, 0, i, 0))[0] < 0);

        Assert.IsTrue(flipped is > 160 and < 240, $"{flipped} of 400 flipped");
    }

    [TestMethod]
    public void Bad_options_name_the_value()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new TransformOptions(100, 120).Validate());
        StringAssert.Contains(error.Message, "CropSize (120)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TransformOptions.For("cifar", true)).Message, "'cifar'");
    }
}
