namespace QcsCloud.Training;

/// <summary>Training itself went wrong (non-finite loss, diverged weights): exit <c>JobExitCode.TrainingFailed</c>, retried with backoff.</summary>
public sealed class TrainingFailedException(string message, Exception? inner = null) : Exception(message, inner);
