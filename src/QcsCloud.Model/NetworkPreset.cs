namespace QcsCloud.Model;

/// <summary>The named network sizes: <see cref="Paper"/> as published, <see cref="Tiny"/> for tests, CI and the local demo.</summary>
public enum NetworkPreset
{
    Paper,
    Tiny,
}
