using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace QcsCloud.Workflow.Tests.Support;

/// <summary>The worker's data converter, recording the size of every serialized payload (inputs, outputs, events, status).</summary>
public sealed class PayloadRecorder : DataConverter
{
    private readonly DataConverter inner = JsonDataConverter.Default;
    private readonly ConcurrentDictionary<string, int> largest = new();

    public int Largest => largest.IsEmpty ? 0 : largest.Values.Max();

    public string LargestType => largest.IsEmpty ? "" : largest.MaxBy(p => p.Value).Key;

    public void Reset() => largest.Clear();

    public override string? Serialize(object? value)
    {
        var text = inner.Serialize(value);
        if (text is not null && value is not null)
            largest.AddOrUpdate(value.GetType().Name, text.Length, (_, old) => Math.Max(old, text.Length));
        return text;
    }

    public override object? Deserialize(string? data, Type targetType) => inner.Deserialize(data, targetType);
}
