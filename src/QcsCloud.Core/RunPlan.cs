namespace QcsCloud.Core;

/// <summary>
/// What a user asks the workflow to do (<c>POST /api/runs</c>): train every dataset x seed from
/// ImageNet/ir50 weights (phase 1), pick the best seed of <see cref="PretrainDataset"/>, then fine-tune
/// each of <see cref="FineTuneTargets"/> x seed from it (phase 2). Every field is optional in JSON;
/// <see cref="WithDefaults"/> fills the gaps and <see cref="Validate"/> lists every problem at once.
/// </summary>
/// <param name="RunId">Optional. Same id + same plan = the same run; same id + another plan = 409.</param>
/// <param name="Datasets">Phase 1 datasets (canonical names: <see cref="DatasetCatalog.Names"/>).</param>
/// <param name="Seeds">One job per dataset per seed.</param>
/// <param name="Epochs">Overrides the recipe's epoch count (null: the recipe decides).</param>
/// <param name="FineTuneEpochs">Epochs of phase 2 (null: <see cref="Epochs"/>, then the recipe).</param>
/// <param name="Recipe">Trainer recipe preset (<c>qcs train --recipe</c>); null: the dataset's own.</param>
/// <param name="Network">Network preset: <c>paper</c> or <c>tiny</c>.</param>
/// <param name="Mode">baseline, dcs or qcs; the same as <c>modes: [mode]</c>.</param>
/// <param name="PretrainDataset">Its best seed feeds phase 2; must be one of <see cref="Datasets"/>. Null with no targets.</param>
/// <param name="FineTuneTargets">Phase 2 datasets; empty skips phase 2.</param>
/// <param name="MaxConcurrentJobs">Training jobs in flight at once (sliding window).</param>
/// <param name="GpuHourBudget">Stop launching once finished training jobs used this many GPU-hours; null = no limit.</param>
/// <param name="MaxAttempts">Failed attempts of one job before it is given up (preemptions do not count).</param>
/// <param name="ImageSize">Trainer <c>--image-size</c> (small values for local runs).</param>
/// <param name="BatchSize">Trainer <c>--batch-size</c>.</param>
/// <param name="StepsPerEpoch">Trainer <c>--steps-per-epoch</c>.</param>
/// <param name="ValFraction">Trainer <c>--val-fraction</c>.</param>
/// <param name="Threads">Trainer <c>--threads</c>.</param>
/// <param name="Init">Trainer <c>--init</c> for phase 1 (ir50.pth or a checkpoint, path or blob URI).</param>
/// <param name="ExplainImages">Trainer <c>--explain</c> for dcs/qcs jobs: attention maps of this many test images written to
/// the job's <c>explain/</c> folder and shown in the report (default 4; 0 = none; ignored for baseline, which has no CSA).</param>
/// <param name="AttemptHours">Wall-clock deadline of one attempt of a job, in hours (default 24): an execution still running
/// after it is stopped and the attempt counts as failed (retried until <see cref="MaxAttempts"/>).</param>
/// <param name="Modes">Grid axis: the methods to compare (any of baseline, dcs, qcs). Default <c>[mode]</c>.</param>
/// <param name="Variants">Grid axis: named recipe variations (<see cref="PlanVariant"/>); every mode is trained once per
/// variant. Empty: the plan's own recipe only.</param>
/// <param name="LearningRate">Trainer <c>--lr</c> (null: the recipe's).</param>
/// <param name="Reuse"><c>succeeded</c>: a training job whose content key (trainer, configuration, data, initial weights,
/// mode, variant, seed) matches a succeeded job of any run reuses that job's outputs instead of launching; <c>never</c>:
/// every job launches. Null: the server's default (<c>Qcs:Workflow:DefaultReuse</c>, itself <c>succeeded</c> by default).</param>
public sealed record RunPlan(
    string? RunId = null,
    IReadOnlyList<string>? Datasets = null,
    IReadOnlyList<int>? Seeds = null,
    int? Epochs = null,
    int? FineTuneEpochs = null,
    string? Recipe = null,
    string? Network = null,
    TrainingMode? Mode = null,
    string? PretrainDataset = null,
    IReadOnlyList<string>? FineTuneTargets = null,
    int? MaxConcurrentJobs = null,
    double? GpuHourBudget = null,
    int? MaxAttempts = null,
    int? ImageSize = null,
    int? BatchSize = null,
    int? StepsPerEpoch = null,
    double? ValFraction = null,
    int? Threads = null,
    string? Init = null,
    int? ExplainImages = null,
    double? AttemptHours = null,
    IReadOnlyList<TrainingMode>? Modes = null,
    IReadOnlyList<PlanVariant>? Variants = null,
    double? LearningRate = null,
    string? Reuse = null)
{
    /// <summary><see cref="Reuse"/>: reuse succeeded jobs of the same content key.</summary>
    public const string ReuseSucceeded = "succeeded";
    /// <summary><see cref="Reuse"/>: launch every job.</summary>
    public const string ReuseNever = "never";
    public const double DefaultAttemptHours = 24;
    public const double MaxAttemptHours = 168;
    public const int MaxVariants = 8;
    public const int DefaultExplainImages = 4;
    public const int MaxExplainImages = 32;
    public const string PaperNetwork = "paper";
    public const string TinyNetwork = "tiny";
    public const int MaxSeeds = 32;
    public const int MaxDatasets = 8;
    public const int MaxJobs = 1000;
    public const int MaxConcurrencyLimit = 256;
    public static IReadOnlyList<int> DefaultSeeds { get; } = [1, 2, 3];
    public static string DefaultPretrainDataset { get; } = DatasetCatalog.Name(DatasetKind.AffectNet8);
    public static IReadOnlyList<string> DefaultFineTuneTargets { get; } =
        [DatasetCatalog.Name(DatasetKind.RafDb), DatasetCatalog.Name(DatasetKind.FerPlus)];

    /// <summary>
    /// The plan with every default filled in and dataset names canonical (<c>raf-db</c> -> <c>rafdb</c>).
    /// Unknown names are kept as typed so that <see cref="Validate"/> can name them. The run id is not invented here.
    /// </summary>
    public RunPlan WithDefaults()
    {
        var targets = (FineTuneTargets ?? DefaultFineTuneTargets).Select(Canonical).ToArray();
        var pretrain = PretrainDataset is null
            ? (targets.Length == 0 ? null : DefaultPretrainDataset)
            : Canonical(PretrainDataset);
        var datasets = Datasets is null
            ? (pretrain is null ? targets : [pretrain, .. targets.Where(t => t != pretrain)])
            : Datasets.Select(Canonical).ToArray();
        return this with
        {
            RunId = RunId?.Trim(),
            Datasets = datasets,
            Seeds = Seeds ?? DefaultSeeds,
            Network = (Network ?? PaperNetwork).Trim().ToLowerInvariant(),
            Mode = Mode ?? (Modes is { Count: > 0 } modes ? modes[0] : TrainingMode.Qcs),
            Modes = Modes ?? [Mode ?? TrainingMode.Qcs],
            Variants = (Variants ?? []).Select(v => v is null ? v! : v with { Name = v.Name?.Trim() ?? "", Network = v.Network?.Trim().ToLowerInvariant() }).ToArray(),
            PretrainDataset = pretrain,
            FineTuneTargets = targets,
            MaxConcurrentJobs = MaxConcurrentJobs ?? 4,
            MaxAttempts = MaxAttempts ?? 3,
            ExplainImages = ExplainImages ?? DefaultExplainImages,
            AttemptHours = AttemptHours ?? DefaultAttemptHours,
        };
    }

    /// <summary>Every problem of a plan (after <see cref="WithDefaults"/>), each naming the field and the value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RunId is not null && !BlobLayout.IsSafeName(RunId))
            problems.Add($"runId '{RunId}' is not allowed: use 1-63 lower-case letters, digits and '-', starting with a letter or digit.");

        var datasets = Datasets ?? [];
        if (datasets.Count == 0) problems.Add($"datasets is empty: name at least one of {string.Join(", ", DatasetCatalog.Names)}.");
        if (datasets.Count > MaxDatasets) problems.Add($"datasets has {datasets.Count} entries; at most {MaxDatasets} are allowed.");
        CheckNames(problems, "datasets", datasets);

        var seeds = Seeds ?? [];
        if (seeds.Count == 0) problems.Add("seeds is empty: give at least one seed, e.g. [1, 2, 3].");
        if (seeds.Count > MaxSeeds) problems.Add($"seeds has {seeds.Count} entries; at most {MaxSeeds} are allowed.");
        for (var i = 0; i < seeds.Count; i++)
            if (seeds[i] < 0) problems.Add($"seeds[{i}] ({seeds[i]}) must be 0 or more.");
        foreach (var dup in seeds.GroupBy(s => s).Where(g => g.Count() > 1))
            problems.Add($"seeds lists {dup.Key} {dup.Count()} times; each seed once.");

        if (Epochs is < 1 or > 1000) problems.Add($"epochs ({Epochs}) must be between 1 and 1000.");
        if (FineTuneEpochs is < 1 or > 1000) problems.Add($"fineTuneEpochs ({FineTuneEpochs}) must be between 1 and 1000.");
        if (Recipe is not null && !BlobLayout.IsSafeName(Recipe))
            problems.Add($"recipe '{Recipe}' is not a preset name (lower-case letters, digits and '-').");
        if (Network is not null and not (PaperNetwork or TinyNetwork))
            problems.Add($"network '{Network}' is unknown: use '{PaperNetwork}' or '{TinyNetwork}'.");
        if (Mode is not null && !Enum.IsDefined(Mode.Value)) problems.Add($"mode ({(int)Mode.Value}) is unknown: use baseline, dcs or qcs.");
        if (LearningRate is not null && !(LearningRate > 0 && LearningRate <= 1)) problems.Add($"learningRate ({LearningRate}) must be in (0, 1].");
        if (Reuse is not null and not (ReuseSucceeded or ReuseNever))
            problems.Add($"reuse '{Reuse}' is unknown: use \"{ReuseSucceeded}\" (reuse succeeded jobs of the same content key) or \"{ReuseNever}\" (launch every job).");
        CheckGrid(problems);

        var targets = FineTuneTargets ?? [];
        CheckNames(problems, "fineTuneTargets", targets);
        if (targets.Count > 0)
        {
            if (PretrainDataset is null)
                problems.Add("pretrainDataset is missing: fineTuneTargets need a pretrain dataset to fine-tune from.");
            else if (!DatasetCatalog.TryParse(PretrainDataset, out _))
                problems.Add($"pretrainDataset '{PretrainDataset}' is unknown. {DatasetCatalog.KnownNames()}.");
            else if (!datasets.Contains(PretrainDataset))
                problems.Add($"pretrainDataset '{PretrainDataset}' is not in datasets [{string.Join(", ", datasets)}]: phase 1 must train it.");
            if (PretrainDataset is not null && targets.Contains(PretrainDataset))
                problems.Add($"fineTuneTargets contains the pretrain dataset '{PretrainDataset}' itself.");
        }

        if (MaxConcurrentJobs is < 1 or > MaxConcurrencyLimit)
            problems.Add($"maxConcurrentJobs ({MaxConcurrentJobs}) must be between 1 and {MaxConcurrencyLimit}.");
        if (GpuHourBudget is not null && !(GpuHourBudget > 0))
            problems.Add($"gpuHourBudget ({GpuHourBudget}) must be more than 0 (leave it out for no limit).");
        if (MaxAttempts is < 1 or > 20) problems.Add($"maxAttempts ({MaxAttempts}) must be between 1 and 20.");
        if (ImageSize is < 16 or > 1024) problems.Add($"imageSize ({ImageSize}) must be between 16 and 1024.");
        if (BatchSize is < 1 or > 4096) problems.Add($"batchSize ({BatchSize}) must be between 1 and 4096.");
        if (StepsPerEpoch is < 1) problems.Add($"stepsPerEpoch ({StepsPerEpoch}) must be 1 or more.");
        if (ValFraction is not null && !(ValFraction >= 0 && ValFraction < 1)) problems.Add($"valFraction ({ValFraction}) must be in [0, 1).");
        if (Threads is < 1 or > 256) problems.Add($"threads ({Threads}) must be between 1 and 256.");
        if (Init is not null && (Init.Length > 2048 || Init.Contains("..")))
            problems.Add($"init '{Init}' is not allowed: a path or blob URI without '..', at most 2048 characters.");
        if (ExplainImages is < 0 or > MaxExplainImages)
            problems.Add($"explainImages ({ExplainImages}) must be between 0 and {MaxExplainImages} (0 = no attention maps).");

        if (AttemptHours is not null && !(AttemptHours > 0 && AttemptHours <= MaxAttemptHours))
            problems.Add($"attemptHours ({AttemptHours}) must be more than 0 and at most {MaxAttemptHours} (one week).");

        var jobs = JobCount;
        if (jobs > MaxJobs) problems.Add($"the plan makes {jobs} training jobs; at most {MaxJobs} are allowed per run.");
        return problems;
    }

    /// <summary>Training jobs the plan makes: arms (modes x variants) x (datasets + fine-tune targets) x seeds.</summary>
    public int JobCount => Math.Max(1, Modes?.Count ?? 1) * Math.Max(1, Variants?.Count ?? 0)
        * ((Datasets?.Count ?? 0) + (FineTuneTargets?.Count ?? 0)) * (Seeds?.Count ?? 0);

    /// <summary>True when the plan compares more than one mode or names variants: job names and folders then carry the arm.</summary>
    public bool IsGrid => (Modes?.Count ?? 1) > 1 || (Variants?.Count ?? 0) > 0;

    /// <summary>The grid's cells in plan order: each mode, then each variant within it (after <see cref="WithDefaults"/>).</summary>
    public IReadOnlyList<PlanArm> Arms
    {
        get
        {
            var modes = Modes is { Count: > 0 } m ? m : [Mode ?? TrainingMode.Qcs];
            var variants = Variants is { Count: > 0 } v ? v.Select(x => (PlanVariant?)x).ToArray() : [null];
            var grid = IsGrid;
            return [.. from mode in modes from variant in variants
                select new PlanArm(mode, variant, grid ? PlanArm.ArmName(mode, variant?.Name) : null)];
        }
    }

    /// <summary>The arm named <paramref name="name"/> (<see cref="PlanArm.Name"/>), or null.</summary>
    public PlanArm? Arm(string name) => Arms.FirstOrDefault(a => a.Name == name);

    /// <summary>
    /// The plan one arm trains with: its mode, its variant's fields in place of the plan's, and no grid axes left.
    /// </summary>
    public RunPlan ForArm(PlanArm arm)
    {
        var v = arm.Variant;
        return this with
        {
            Mode = arm.Mode,
            Modes = [arm.Mode],
            Variants = [],
            LearningRate = v?.LearningRate ?? LearningRate,
            BatchSize = v?.BatchSize ?? BatchSize,
            Epochs = v?.Epochs ?? Epochs,
            FineTuneEpochs = v?.FineTuneEpochs ?? (v?.Epochs is not null ? v.Epochs : FineTuneEpochs),
            Network = v?.Network ?? Network,
            ImageSize = v?.ImageSize ?? ImageSize,
            Recipe = v?.Recipe ?? Recipe,
            StepsPerEpoch = v?.StepsPerEpoch ?? StepsPerEpoch,
        };
    }

    private void CheckGrid(List<string> problems)
    {
        var modes = Modes ?? [];
        if (Modes is not null && modes.Count == 0) problems.Add("modes is empty: name at least one of baseline, dcs, qcs.");
        for (var i = 0; i < modes.Count; i++)
            if (!Enum.IsDefined(modes[i])) problems.Add($"modes[{i}] ({(int)modes[i]}) is unknown: use baseline, dcs or qcs.");
        foreach (var dup in modes.GroupBy(m => m).Where(g => g.Count() > 1))
            problems.Add($"modes lists {PlanArm.ModeName(dup.Key)} {dup.Count()} times; each mode once.");
        if (Mode is { } mode && modes.Count > 0 && !modes.Contains(mode))
            problems.Add($"mode '{PlanArm.ModeName(mode)}' is not in modes [{string.Join(", ", modes.Select(PlanArm.ModeName))}]: give modes alone.");

        var variants = Variants ?? [];
        if (variants.Count > MaxVariants) problems.Add($"variants has {variants.Count} entries; at most {MaxVariants} are allowed.");
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            var at = $"variants[{i}]";
            if (v is null) { problems.Add($"{at} is null: give an object with a name."); continue; }
            if (!BlobLayout.IsSafeName(v.Name) || v.Name.Length > PlanVariant.MaxNameLength)
                problems.Add($"{at}.name '{v.Name}' is not allowed: use 1-{PlanVariant.MaxNameLength} lower-case letters, digits and '-', starting with a letter or digit.");
            if (v.LearningRate is not null && !(v.LearningRate > 0 && v.LearningRate <= 1)) problems.Add($"{at}.learningRate ({v.LearningRate}) must be in (0, 1].");
            if (v.BatchSize is < 1 or > 4096) problems.Add($"{at}.batchSize ({v.BatchSize}) must be between 1 and 4096.");
            if (v.Epochs is < 1 or > 1000) problems.Add($"{at}.epochs ({v.Epochs}) must be between 1 and 1000.");
            if (v.FineTuneEpochs is < 1 or > 1000) problems.Add($"{at}.fineTuneEpochs ({v.FineTuneEpochs}) must be between 1 and 1000.");
            if (v.Network is not null and not (PaperNetwork or TinyNetwork)) problems.Add($"{at}.network '{v.Network}' is unknown: use '{PaperNetwork}' or '{TinyNetwork}'.");
            if (v.ImageSize is < 16 or > 1024) problems.Add($"{at}.imageSize ({v.ImageSize}) must be between 16 and 1024.");
            if (v.Recipe is not null && !BlobLayout.IsSafeName(v.Recipe)) problems.Add($"{at}.recipe '{v.Recipe}' is not a preset name (lower-case letters, digits and '-').");
            if (v.StepsPerEpoch is < 1) problems.Add($"{at}.stepsPerEpoch ({v.StepsPerEpoch}) must be 1 or more.");
        }
        foreach (var dup in variants.Where(v => v is not null).GroupBy(v => v.Name).Where(g => g.Count() > 1))
            problems.Add($"variants lists the name '{dup.Key}' {dup.Count()} times; each name once.");
    }

    private static string Canonical(string name) =>
        DatasetCatalog.TryParse(name, out var kind) ? DatasetCatalog.Name(kind) : name;

    private static void CheckNames(List<string> problems, string field, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
            if (!DatasetCatalog.TryParse(names[i], out _))
                problems.Add($"{field}[{i}] '{names[i]}' is unknown. {DatasetCatalog.KnownNames()}.");
        foreach (var dup in names.GroupBy(n => n).Where(g => g.Count() > 1))
            problems.Add($"{field} lists '{dup.Key}' {dup.Count()} times; each dataset once.");
    }
}
