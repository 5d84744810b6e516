namespace QcsCloud.LocalHost.Tests.Support;

/// <summary>The Azurite connection string the test script exports (<c>QCS_TEST_STORAGE</c>).</summary>
public static class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("QCS_TEST_STORAGE") is { Length: > 0 } value
            ? value
            : "UseDevelopmentStorage=true";

    /// <summary>A task hub name unique to one test class run, so classes never see each other's messages.</summary>
    public static string NewTaskHubName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 12, 45)];
}
