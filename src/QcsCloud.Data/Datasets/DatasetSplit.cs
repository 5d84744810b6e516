namespace QcsCloud.Data.Datasets;

/// <summary>
/// Where a sample belongs. RAF-DB: train/test from the file name; FERPlus: Training / PublicTest (validation) /
/// PrivateTest (test); AffectNet: training.csv / validation.csv (the paper's test set).
/// </summary>
public enum DatasetSplit
{
    Train,
    Validation,
    Test,
}
