using QcsCloud.Model;

namespace QcsCloud.Training.Loop;

/// <summary>Resolves the network options of a run: the preset, the image size and the recipe's VIT_cross dropouts.</summary>
public static class NetworkOptionsResolver
{
    public static NetworkOptions Resolve(TrainingConfig config, int numClasses)
    {
        var tiny = config.Network == NetworkPreset.Tiny;
        var options = NetworkOptions.For(config.Network, numClasses);
        if (config.ImageSize is { } size)
        {
            // Tiny feeds the backbone at the input size; the paper network always resizes to 112 (nearest) first.
            if (tiny && size % 16 != 0)
                throw new TrainingInputException($"--image-size ({size}) must be a multiple of 16 for the tiny network");
            options = tiny ? options with { InputSize = size, BackboneInputSize = size } : options with { InputSize = size };
        }
        options = options with { CrossDropout = config.Recipe.CrossDropout, CrossAttnProjDropout = config.Recipe.CrossAttnProjDropout };
        try
        {
            return options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new TrainingInputException($"Network options are invalid: {e.Message}");
        }
    }
}
