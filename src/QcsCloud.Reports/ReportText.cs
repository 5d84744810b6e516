namespace QcsCloud.Reports;

/// <summary>Sentences shared by the Markdown and the HTML, so both say the same thing.</summary>
internal static class ReportText
{
    public const string Protocol =
        "Test accuracy is that of each seed's best test epoch (the reference protocol, as the paper reports it: " +
        "optimistic, because the test set picks the epoch). The validation-selected column is the honest number when " +
        "the run held out a validation split. The paper reports the best of 5 seeds; 'Best − paper' is in percentage points. " +
        "Epochs are numbered from 1 (metrics.json counts from 0).";

    public const string Ablation =
        "One row per mode/variant; accuracies are test accuracies over the seeds that finished (mean ± sample standard " +
        "deviation of the reported epochs, as above; validation-selected and last-epoch means beside them). Δ is the row's " +
        "accuracy minus the baseline row's (same variant, else the first baseline), seed by seed, in percentage points, with " +
        "a 95% paired t-interval over the seeds both finished: mean ± t(0.975, n − 1) · s / √n, Student's t quantile for " +
        "n − 1 degrees of freedom computed in code (no interval below 2 pairs). An interval that contains 0 is a difference " +
        "these seeds cannot resolve. The plot shows every seed as a point.";

    public static string Budget(BudgetNotes b)
    {
        var used = b.GpuHoursUsed is { } u ? $"{Format.Number(u, "0.0")} GPU-hours used" : "GPU-hours used unknown";
        var budget = b.GpuHoursBudget is { } g ? $" of a {Format.Number(g, "0.0")} GPU-hour budget" : "";
        var stopped = b.JobsStopped is { } n ? $" {n} training job(s) stopped by a cancel or the budget (not failures)." : "";
        var reused = b.JobsReused is { } r
            ? $" {r} training job(s) reused from earlier runs (same content key, not launched), saving {Format.Number(b.GpuHoursSaved ?? 0, "0.0###")} GPU-hours."
            : "";
        return used + budget + "." + stopped + reused;
    }
}
