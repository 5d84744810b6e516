namespace QcsCloud.Workflow.Models;

/// <summary>
/// A training job's part in reuse across runs: it gets a content key (written to its folder, indexed when it succeeds),
/// and with <paramref name="Lookup"/> a succeeded job of the same key is reused instead of launching it.
/// </summary>
/// <param name="Variant">The plan variant's name (part of the key); null without variants.</param>
/// <param name="Lookup">The plan's <c>reuse</c> is <c>succeeded</c>; false for <c>never</c> (the job still gets indexed).</param>
public sealed record JobReuse(string? Variant, bool Lookup);
