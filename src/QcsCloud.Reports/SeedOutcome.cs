namespace QcsCloud.Reports;

/// <summary>How a training job ended, as far as the report knows.</summary>
public enum SeedOutcome
{
    Succeeded,
    Failed,
    Cancelled,
    Running,
    NotStarted,
}
