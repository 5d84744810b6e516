namespace QcsCloud.Trainer.Storage;

/// <summary>A small text file as read, with the version (ETag) a conditional write compares against.</summary>
public sealed record StoredText(string Text, string Version);
