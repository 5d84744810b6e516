namespace QcsCloud.Reports;

/// <summary>Sentences shared by the Markdown and the HTML, so both say the same thing.</summary>
internal static class ReportText
{
    public const string Protocol =
        "Test accuracy is that of each seed's best test epoch (the reference protocol, as the paper reports it: " +
        "optimistic, because the test set picks the epoch). The validation-selected column is the honest number when " +
        "the run held out a validation split. The paper reports the best of 5 seeds; 'Best − paper' is in percentage points. " +
        "Epochs are numbered from 1 (metrics.json counts from 0).";

    public static string Budget(BudgetNotes b)
    {
        var used = b.GpuHoursUsed is { } u ? $"{Format.Number(u, "0.0")} GPU-hours used" : "GPU-hours used unknown";
        var budget = b.GpuHoursBudget is { } g ? $" of a {Format.Number(g, "0.0")} GPU-hour budget" : "";
        return used + budget + ".";
    }
}
