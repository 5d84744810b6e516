using System.Globalization;
using System.Text.Json;
using QcsCloud.Core;

namespace QcsCloud.Workflow.Configuration;

/// <summary>
/// Seconds per training step for the preview's GPU-hour estimate: the table <c>step-calibration.json</c> (shipped in this
/// assembly; rows by mode, network, device and batch, each naming its bench result or marked an estimate), overridden
/// per <c>&lt;mode&gt;-&lt;network&gt;</c> by <c>Qcs:Limits:StepSeconds</c>, a deployment's own measurement. A step's cost
/// grows with the images in it, so a row is scaled linearly to the plan's batch size.
/// </summary>
public sealed class StepCalibration
{
    private readonly IReadOnlyList<StepCalibrationRow> rows;
    private readonly IReadOnlyDictionary<string, double> overrides;

    public StepCalibration(IReadOnlyList<StepCalibrationRow> rows, IReadOnlyDictionary<string, double> overrides, string? device)
    {
        this.rows = rows;
        this.overrides = overrides;
        Device = device;
    }

    /// <summary>What this deployment's jobs run on (<c>cpu</c>, <c>T4</c>, <c>A100</c>); null when unknown.</summary>
    public string? Device { get; }

    /// <summary>The shipped table, with the deployment's overrides.</summary>
    public static StepCalibration Shipped(IReadOnlyDictionary<string, double> overrides, string? device) => new(ShippedRows.Value, overrides, device);

    /// <summary>The seconds one step of this mode and network takes at <paramref name="batchSize"/> (null: the row's own batch).</summary>
    public StepEstimate? For(TrainingMode mode, string network, int? batchSize)
    {
        var key = $"{PlanArm.ModeName(mode)}-{network}";
        if (overrides.TryGetValue(key, out var measured))
            return new StepEstimate(measured, $"{LimitsOptions.Section}:{nameof(LimitsOptions.StepSeconds)}:{key}", Estimate: false);
        if (Device is null) return null;
        var row = rows.FirstOrDefault(r => r.Mode == PlanArm.ModeName(mode) && r.Network == network
            && string.Equals(r.Device, Device, StringComparison.OrdinalIgnoreCase));
        if (row is null) return null;
        var batch = batchSize ?? row.BatchSize;
        var seconds = row.SecondsPerStep * batch / row.BatchSize;
        var scaled = batch == row.BatchSize ? "" : string.Create(CultureInfo.InvariantCulture, $", scaled from batch {row.BatchSize} to {batch}");
        return new StepEstimate(seconds, $"{key}-{row.Device} at batch {row.BatchSize}{scaled}: {row.Source}", row.Estimate);
    }

    private static readonly Lazy<IReadOnlyList<StepCalibrationRow>> ShippedRows = new(() =>
    {
        using var stream = typeof(StepCalibration).Assembly.GetManifestResourceStream("QcsCloud.Workflow.step-calibration.json")
            ?? throw new InvalidOperationException("step-calibration.json is not embedded in QcsCloud.Workflow");
        var table = JsonSerializer.Deserialize<Table>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("step-calibration.json is empty");
        return table.Rows;
    });

    private sealed record Table(IReadOnlyList<StepCalibrationRow> Rows);
}

/// <summary>One measured (or estimated) step time.</summary>
/// <param name="Device"><c>cpu</c>, or the GPU kind of the Container Apps profile (<c>T4</c>, <c>A100</c>).</param>
/// <param name="Estimate">True until measured on that device: the preview says so.</param>
/// <param name="Source">The bench result it comes from, or how it was estimated.</param>
public sealed record StepCalibrationRow(string Mode, string Network, string Device, int BatchSize, double SecondsPerStep, bool Estimate, string Source);

/// <summary>Seconds per step for one arm, where they come from, and whether they are an estimate.</summary>
public sealed record StepEstimate(double SecondsPerStep, string Basis, bool Estimate);
