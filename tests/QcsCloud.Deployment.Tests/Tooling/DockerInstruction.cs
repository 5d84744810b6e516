namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>One Dockerfile instruction (continuation lines joined), with the build stage it belongs to.</summary>
public sealed record DockerInstruction(int Line, int Stage, string Keyword, string Arguments)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}
