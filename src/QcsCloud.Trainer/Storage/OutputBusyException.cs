namespace QcsCloud.Trainer.Storage;

/// <summary>Another live writer holds the output folder's lease (exit 2): two jobs must never write one folder.</summary>
public sealed class OutputBusyException(string location, string holder)
    : Exception($"Output '{location}' is being written by another writer ({holder}); one writer per output folder. " +
        "Wait for it to end or stop it; a killed writer's lease expires within a minute.")
{
    public string Holder { get; } = holder;
}
