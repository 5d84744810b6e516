using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace QcsCloud.Training.TensorBoard;

/// <summary>
/// Appends TensorBoard scalar events to one <c>events.out.tfevents.*</c> file: TFRecord framing (length, masked CRC32C of
/// the length, payload, masked CRC32C of the payload) around <c>tensorboard.Event</c> protobuf messages, encoded by hand
/// (tensorboard/compat/proto/event.proto: wall_time = 1 double, step = 2 int64, file_version = 3 string, summary = 5;
/// summary.proto: Summary.value = 1, Value.tag = 1, Value.simple_value = 2 float).
/// Every call opens, appends and closes the file, so what was written is on disk even if the process dies next.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>SummaryWriter</c> was not used: it writes wall times as <c>float</c> .NET ticks (0 by default)
/// instead of seconds since 1970 as <c>double</c>, so TensorBoard's relative and wall-clock axes come out wrong.
/// </remarks>
public sealed class EventFileWriter
{
    private readonly TimeProvider clock;

    /// <summary>Creates <c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;.&lt;pid&gt;</c> in <paramref name="folder"/> with its version record.</summary>
    public EventFileWriter(string folder, TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(folder);
        var host = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        Path = System.IO.Path.Combine(folder, $"events.out.tfevents.{this.clock.GetUtcNow().ToUnixTimeSeconds()}.{host}.{Environment.ProcessId}");
        Append([Event(WallTime(), 0, fileVersion: "brain.Event:2", summary: null)]);
    }

    public string Path { get; }

    /// <summary>Appends one event per scalar, all at <paramref name="step"/>.</summary>
    public void Scalars(long step, IEnumerable<(string Tag, double Value)> scalars)
    {
        var wallTime = WallTime();
        Append(scalars.Where(s => double.IsFinite(s.Value)).Select(s => Event(wallTime, step, null, ScalarSummary(s.Tag, (float)s.Value))).ToList());
    }

    private double WallTime() => clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private void Append(IReadOnlyList<byte[]> events)
    {
        if (events.Count == 0) return;
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        Span<byte> length = stackalloc byte[8];
        Span<byte> crc = stackalloc byte[4];
        foreach (var payload in events)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)payload.Length);
            file.Write(length);
            BinaryPrimitives.WriteUInt32LittleEndian(crc, MaskedCrc32C(length));
            file.Write(crc);
            file.Write(payload);
            BinaryPrimitives.WriteUInt32LittleEndian(crc, MaskedCrc32C(payload));
            file.Write(crc);
        }
    }

    /// <summary>TFRecord's mask: CRC32C rotated right by 15 bits plus 0xa282ead8.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static byte[] Event(double wallTime, long step, string? fileVersion, byte[]? summary)
    {
        var message = new List<byte>();
        message.Add(1 << 3 | 1);                                           // wall_time, fixed64
        var bits = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bits, wallTime);
        message.AddRange(bits);
        if (step != 0) { message.Add(2 << 3 | 0); Varint(message, (ulong)step); } // step, varint
        if (fileVersion is not null) LengthDelimited(message, 3, Encoding.UTF8.GetBytes(fileVersion));
        if (summary is not null) LengthDelimited(message, 5, summary);
        return message.ToArray();
    }

    private static byte[] ScalarSummary(string tag, float value)
    {
        var item = new List<byte>();
        LengthDelimited(item, 1, Encoding.UTF8.GetBytes(tag));             // Value.tag
        item.Add(2 << 3 | 5);                                              // Value.simple_value, fixed32
        Span<byte> bits = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bits, value);
        item.AddRange(bits.ToArray());
        var summary = new List<byte>();
        LengthDelimited(summary, 1, item.ToArray());                       // Summary.value (repeated)
        return summary.ToArray();
    }

    private static void LengthDelimited(List<byte> message, int field, byte[] bytes)
    {
        message.Add((byte)(field << 3 | 2));
        Varint(message, (ulong)bytes.Length);
        message.AddRange(bytes);
    }

    private static void Varint(List<byte> message, ulong value)
    {
        while (value >= 0x80) { message.Add((byte)(value | 0x80)); value >>= 7; }
        message.Add((byte)value);
    }
}
