namespace QcsCloud.Data.Synthetic;

/// <summary>
/// The drawn features that make a synthetic class learnable: mouth curve (-1 frown .. +1 smile), mouth opening,
/// brow tilt (-1 angry V .. +1 worried), brow height, eye opening, and a one-sided smirk.
/// </summary>
internal sealed record Expression(float MouthCurve, float MouthOpen, float BrowTilt, float BrowRaise, float EyeOpen, float Smirk)
{
    /// <summary>Features by class name, so "Happy" looks the same in RAF-DB, FERPlus and AffectNet.</summary>
    public static Expression For(string className) => className.ToLowerInvariant() switch
    {
        "neutral" => new(0f, 0f, 0f, 0f, 1f, 0f),
        "happy" or "happiness" => new(1f, 0.25f, 0f, 0.1f, 0.75f, 0f),
        "sad" or "sadness" => new(-0.9f, 0f, 0.9f, 0f, 0.7f, 0f),
        "surprise" => new(0f, 1f, 0f, 1f, 1.5f, 0f),
        "fear" => new(-0.4f, 0.6f, 0.8f, 0.8f, 1.4f, 0f),
        "disgust" => new(-0.6f, 0.15f, -0.4f, -0.3f, 0.45f, 0.5f),
        "anger" => new(-0.3f, 0f, -1f, -0.4f, 0.8f, 0f),
        "contempt" => new(0.1f, 0f, 0.2f, 0f, 0.9f, 1f),
        _ => new(0f, 0f, 0f, 0f, 1f, 0f),
    };
}
