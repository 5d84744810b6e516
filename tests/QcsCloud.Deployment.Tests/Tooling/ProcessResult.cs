namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>What a finished tool process left: exit code and both streams.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>For assertion messages: the command, its exit code and its output.</summary>
    public override string ToString() => $"$ {Command}\nexit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
