using QcsCloud.Core;
using QcsCloud.Training;

namespace QcsCloud.Trainer.Commands.Shared;

/// <summary>The one parser of <c>--dataset</c> values: <see cref="DatasetCatalog.TryParse"/>, and one error that lists <see cref="DatasetCatalog.Names"/>.</summary>
public static class DatasetNames
{
    /// <summary>The kind named by <paramref name="text"/>; otherwise a <see cref="TrainingInputException"/> (exit 2) naming the option and the known names.</summary>
    /// <param name="withGeneric">False for verbs that need a fixed class list (<c>synth</c>, <c>import-weights</c>).</param>
    public static DatasetKind Parse(string? text, bool withGeneric = true, string option = "--dataset") =>
        DatasetCatalog.TryParse(text, out var kind) && (withGeneric || kind != DatasetKind.Generic)
            ? kind
            : throw new TrainingInputException($"{option} '{text}' is unknown. {DatasetCatalog.KnownNames(withGeneric)}");
}
