namespace QcsCloud.Core;

/// <summary>What a job runs: <c>qcs pack</c> on CPU (staging) or <c>qcs train</c> on GPU.</summary>
public enum JobKind
{
    Stage,
    Train,
}
