using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>The run plan in a few fields: enough for a reader to know what was asked for.</summary>
/// <param name="Datasets">Canonical dataset names (<c>rafdb</c>, <c>ferplus</c>, ...), in plan order.</param>
/// <param name="Mode">Network trained: baseline, DCS or QCS.</param>
/// <param name="Seeds">Seeds trained per dataset and phase.</param>
/// <param name="Network"><c>paper</c> or <c>tiny</c>.</param>
/// <param name="Epochs">Epochs per job, or null for each recipe's default.</param>
/// <param name="FineTuneFromAffectNet8">True when the plan also fine-tunes from the AffectNet-8 backbone.</param>
/// <param name="Recipe">Recipe name when one was forced for every dataset.</param>
/// <param name="Description">Free text the user gave the run.</param>
/// <param name="Modes">Every mode of a grid run (null: <see cref="Mode"/> alone).</param>
/// <param name="Variants">Names of the plan's variants (null or empty: none).</param>
public sealed record RunPlanSummary(
    IReadOnlyList<string> Datasets,
    TrainingMode Mode,
    IReadOnlyList<int> Seeds,
    string Network,
    int? Epochs = null,
    bool FineTuneFromAffectNet8 = false,
    string? Recipe = null,
    string? Description = null,
    IReadOnlyList<TrainingMode>? Modes = null,
    IReadOnlyList<string>? Variants = null);
