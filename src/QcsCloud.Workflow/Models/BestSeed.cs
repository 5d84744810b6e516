namespace QcsCloud.Workflow.Models;

/// <summary>The seed whose model phase 2 fine-tunes from, and why it won.</summary>
/// <param name="Rule">Which accuracy decided: the validation-selected epoch, else the reference protocol, else the last epoch.</param>
/// <param name="Arm">The arm's <see cref="Core.PlanArm.Name"/> in a grid plan (null otherwise).</param>
public sealed record BestSeed(string Dataset, int Seed, double Accuracy, string Rule, string CheckpointUri, string? Arm = null);
