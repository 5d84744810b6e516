namespace QcsCloud.Workflow.Launchers;

/// <summary>An ARM answer: status, body and the <c>Location</c> header of a 202.</summary>
public sealed record ArmReply(int Status, BinaryData Content, string? Location);
