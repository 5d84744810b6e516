namespace QcsCloud.Training;

/// <summary>
/// An input the same run would fail on again (a mismatched checkpoint, a bad option, a dataset without samples):
/// the command line exits with <c>JobExitCode.BadInput</c> and the workflow does not retry.
/// </summary>
public sealed class TrainingInputException(string message, Exception? inner = null) : Exception(message, inner);
