namespace QcsCloud.Core;

/// <summary>
/// One container job as a launcher sees it: a deterministic name, the <c>qcs</c> arguments and the
/// blob folder where the job writes its completion record last.
/// </summary>
/// <param name="Name">Deterministic from (run, dataset, phase, seed): a retry never launches a finished job again.</param>
/// <param name="Kind">Stage (CPU) or Train (GPU).</param>
/// <param name="Arguments">Arguments after <c>qcs</c>, e.g. <c>["train", "--dataset", "rafdb", ...]</c>.</param>
/// <param name="OutputUri">Folder URI (blob or local) that receives <see cref="BlobLayout.CompletionFile"/>.</param>
public sealed record JobSpec(string Name, JobKind Kind, IReadOnlyList<string> Arguments, string OutputUri);
