namespace QcsCloud.Core;

/// <summary>Accuracy (%) the paper publishes for one dataset (docs/method.md section 7).</summary>
public sealed record PaperResult(double Dcs, double Qcs, double? QcsFineTunedFromAffectNet8);
