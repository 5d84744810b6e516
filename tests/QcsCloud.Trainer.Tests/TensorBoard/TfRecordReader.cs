using System.Buffers.Binary;
using QcsCloud.Trainer.Tests.TensorBoard.Proto;

namespace QcsCloud.Trainer.Tests.TensorBoard;

/// <summary>
/// Reads a TensorBoard events file without the trainer's code: TFRecord frames (uint64 length, masked CRC32C of the
/// length bytes, payload, masked CRC32C of the payload), both checksums verified with a table-driven CRC32C written
/// here, then each payload parsed as an <see cref="Event"/> by Google.Protobuf.
/// </summary>
internal static class TfRecordReader
{
    private static readonly uint[] Table = BuildTable();

    public static IReadOnlyList<Event> ReadEvents(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: truncated header at byte {at}");
            var lengthBytes = bytes.AsSpan(at, 8);
            var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes));
            var lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4));
            if (lengthCrc != MaskedCrc32C(lengthBytes)) throw new InvalidDataException($"{path}: bad length CRC at byte {at}");
            if (bytes.Length - at - 12 < length + 4) throw new InvalidDataException($"{path}: truncated record at byte {at}");
            var payload = bytes.AsSpan(at + 12, length);
            var payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4));
            if (payloadCrc != MaskedCrc32C(payload)) throw new InvalidDataException($"{path}: bad payload CRC at byte {at}");
            events.Add(Event.Parser.ParseFrom(payload.ToArray()));
            at += 12 + length + 4;
        }
        return events;
    }

    /// <summary>Scalars by tag: (step, value) in file order.</summary>
    public static Dictionary<string, List<(long Step, float Value)>> Scalars(IEnumerable<Event> events) =>
        events.Where(e => e.WhatCase == Event.WhatOneofCase.Summary)
            .SelectMany(e => e.Summary.Value.Select(v => (v.Tag, e.Step, v.SimpleValue)))
            .GroupBy(x => x.Tag)
            .ToDictionary(g => g.Key, g => g.Select(x => (x.Step, x.SimpleValue)).ToList());

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static uint[] BuildTable()
    {
        const uint reflectedCastagnoli = 0x82F63B78u;
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? reflectedCastagnoli ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
