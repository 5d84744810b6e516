namespace QcsCloud.Reports;

/// <summary>URIs (blob or file) of a job's outputs under <c>checkpoints/&lt;run&gt;/&lt;dataset&gt;/&lt;phase&gt;/seed-&lt;n&gt;/</c>.</summary>
public sealed record CheckpointLinks(string Folder, string? Best = null, string? Last = null, string? Metrics = null);
