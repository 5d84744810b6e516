using System.Text;
using static TorchSharp.torch;

namespace QcsCloud.Training.Checkpoints;

/// <summary>
/// The checkpoint file format: a JSON header and named tensors, raw little-endian bytes, CPU.
/// <code>"QCSCKPT1" | int32 header length | UTF-8 JSON | int32 count | per tensor: name, dtype, rank, shape, int64 byte count, bytes | "QCSEND!!"</code>
/// Written to a temporary file beside the target, flushed to disk, then renamed over it, so a crash at any
/// moment leaves either the old or the new file, never a broken one. A truncated file fails to read with
/// a message naming the file.
/// </summary>
public static class TensorArchive
{
    private static readonly byte[] Magic = "QCSCKPT1"u8.ToArray();
    private static readonly byte[] EndMarker = "QCSEND!!"u8.ToArray();

    public static void Write(string path, string headerJson, IEnumerable<(string Name, Tensor Value)> tensors)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    var header = Encoding.UTF8.GetBytes(headerJson);
                    writer.Write(header.Length);
                    writer.Write(header);
                    var list = tensors.ToList();
                    writer.Write(list.Count);
                    foreach (var (name, value) in list) WriteTensor(writer, name, value);
                    writer.Write(EndMarker);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads the header and every tensor (CPU). The caller disposes the tensors.</summary>
    public static (string HeaderJson, Dictionary<string, Tensor> Tensors) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"'{path}' is not a QcsCloud checkpoint (no QCSCKPT1 header); PyTorch files go through `qcs import-weights`");
            var headerLength = reader.ReadInt32();
            if (headerLength < 0 || headerLength > stream.Length) throw new InvalidDataException($"'{path}': header length {headerLength} is invalid");
            var header = Encoding.UTF8.GetString(reader.ReadBytes(headerLength));
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var (name, value) = ReadTensor(reader, path);
                tensors[name] = value;
            }
            var end = reader.ReadBytes(EndMarker.Length);
            if (!end.AsSpan().SequenceEqual(EndMarker)) throw new InvalidDataException($"'{path}': end marker missing");
            return (header, tensors);
        }
        catch (EndOfStreamException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new InvalidDataException($"Checkpoint '{path}' is truncated ({stream.Length} bytes)");
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>Only the JSON header, without loading tensors.</summary>
    public static string ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"'{path}' is not a QcsCloud checkpoint (no QCSCKPT1 header)");
            var headerLength = reader.ReadInt32();
            if (headerLength < 0 || headerLength > stream.Length) throw new InvalidDataException($"'{path}': header length {headerLength} is invalid");
            return Encoding.UTF8.GetString(reader.ReadBytes(headerLength));
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is truncated ({stream.Length} bytes)");
        }
    }

    private static void WriteTensor(BinaryWriter writer, string name, Tensor value)
    {
        using var cpu = value.detach().cpu().contiguous();
        writer.Write(name);
        writer.Write((int)cpu.dtype);
        writer.Write(cpu.shape.Length);
        foreach (var d in cpu.shape) writer.Write(d);
        var bytes = cpu.bytes;
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    private static (string, Tensor) ReadTensor(BinaryReader reader, string path)
    {
        var name = reader.ReadString();
        var dtype = (ScalarType)reader.ReadInt32();
        var rank = reader.ReadInt32();
        if (rank < 0 || rank > 16) throw new InvalidDataException($"'{path}': tensor '{name}' has rank {rank}");
        var shape = new long[rank];
        for (var i = 0; i < rank; i++) shape[i] = reader.ReadInt64();
        var length = reader.ReadInt64();
        var data = reader.ReadBytes(checked((int)length));
        if (data.Length != length) throw new EndOfStreamException();
        var t = empty(shape, dtype);
        if (t.bytes.Length != length)
        {
            t.Dispose();
            throw new InvalidDataException($"'{path}': tensor '{name}' holds {length} bytes, dtype {dtype} and shape [{string.Join(",", shape)}] need {t.bytes.Length}");
        }
        t.bytes = data;
        return (name, t);
    }
}
