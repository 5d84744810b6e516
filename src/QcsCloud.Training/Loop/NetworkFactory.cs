using QcsCloud.Model;

namespace QcsCloud.Training.Loop;

/// <summary>The network options of a run: the preset, the image size and the recipe's VIT_cross dropouts.</summary>
public static class NetworkFactory
{
    public static NetworkOptions OptionsFor(TrainingConfig config, int numClasses)
    {
        var options = config.Network == "tiny" ? NetworkOptions.Tiny(numClasses) : NetworkOptions.Paper(numClasses);
        if (config.ImageSize is { } size)
        {
            // Tiny feeds the backbone at the input size; the paper network always resizes to 112 (nearest) first.
            if (config.Network == "tiny" && size % 16 != 0)
                throw new TrainingInputException($"--image-size ({size}) must be a multiple of 16 for the tiny network");
            options = config.Network == "tiny" ? options with { InputSize = size, BackboneInputSize = size } : options with { InputSize = size };
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

    /// <summary>
    /// True for the class-dependent parameters (the <c>head</c> linear of VIT_base and VIT_cross): fine-tuning from a
    /// model with other classes keeps everything else (the backbone) and trains these fresh.
    /// </summary>
    public static bool IsClassHead(string stateName) => BackboneTransfer.IsHead(stateName);
}
