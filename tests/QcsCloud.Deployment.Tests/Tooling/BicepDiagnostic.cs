namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>One finding of the Bicep CLI (linter rule or compiler code such as BCP037), at a file and line.</summary>
public sealed record BicepDiagnostic(string File, int Line, string Code, string Message)
{
    public override string ToString() => $"{File}({Line}) {Code}: {Message}";
}
