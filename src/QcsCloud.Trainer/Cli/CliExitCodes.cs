using QcsCloud.Core;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training;

namespace QcsCloud.Trainer.Cli;

/// <summary>Maps what went wrong to <see cref="JobExitCode"/>: the workflow retries only what can succeed on a retry.</summary>
public static class CliExitCodes
{
    public static int For(Exception e) => e switch
    {
        OperationCanceledException => JobExitCode.Cancelled,
        TrainingInputException or StorageNotFoundException or OutputBusyException or QcsCloud.Data.Datasets.DatasetFormatException or QcsCloud.Model.WeightImportException or ArgumentException or FileNotFoundException
            or DirectoryNotFoundException or InvalidDataException or FormatException => JobExitCode.BadInput,
        _ => JobExitCode.TrainingFailed,
    };

    public static string Describe(int code) => code switch
    {
        JobExitCode.Success => "success",
        JobExitCode.BadInput => "bad input",
        JobExitCode.TrainingFailed => "training failed",
        JobExitCode.Cancelled => "cancelled",
        _ => $"exit {code}",
    };
}
