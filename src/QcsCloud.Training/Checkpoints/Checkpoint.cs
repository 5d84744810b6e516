using QcsCloud.Core;
using QcsCloud.Training.Optimization;
using static TorchSharp.torch;

namespace QcsCloud.Training.Checkpoints;

/// <summary>
/// A loaded checkpoint: header, model state (state-dict names) and optimizer state. Tensors are CPU and owned here.
/// Files hold tensors named <c>model.&lt;state-dict name&gt;</c> and <c>optim.&lt;SamAdam state name&gt;</c>.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optim.";

    private Checkpoint(string path, CheckpointHeader header, Dictionary<string, Tensor> model, Dictionary<string, Tensor> optimizer)
    {
        Path = path;
        Header = header;
        ModelState = model;
        OptimizerState = optimizer;
    }

    public string Path { get; }
    public CheckpointHeader Header { get; }
    public IReadOnlyDictionary<string, Tensor> ModelState { get; }
    public IReadOnlyDictionary<string, Tensor> OptimizerState { get; }

    /// <summary>Writes atomically (temp file + rename).</summary>
    public static void Save(string path, CheckpointHeader header, nn.Module model, SamAdam? optimizer)
    {
        var tensors = model.state_dict().Select(kv => (ModelPrefix + kv.Key, kv.Value));
        if (optimizer is not null) tensors = tensors.Concat(optimizer.StateTensors().Select(t => (OptimizerPrefix + t.Name, t.Value)));
        TensorArchive.Write(path, QcsJson.Serialize(header), tensors);
    }

    public static Checkpoint Load(string path)
    {
        var (json, tensors) = TensorArchive.Read(path);
        CheckpointHeader header;
        try
        {
            header = QcsJson.Deserialize<CheckpointHeader>(json, path);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new InvalidDataException($"Checkpoint '{path}': header is not valid: {e.Message}", e);
        }
        if (header.FormatVersion != CheckpointHeader.CurrentFormatVersion)
            throw new InvalidDataException($"Checkpoint '{path}' has format {header.FormatVersion}; this qcs reads {CheckpointHeader.CurrentFormatVersion}");
        var model = tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[ModelPrefix.Length..], kv => kv.Value);
        var optimizer = tensors.Where(kv => kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimizerPrefix.Length..], kv => kv.Value);
        return new Checkpoint(path, header, model, optimizer);
    }

    /// <summary>Only the header (fast: no tensors read).</summary>
    public static CheckpointHeader ReadHeader(string path) => QcsJson.Deserialize<CheckpointHeader>(TensorArchive.ReadHeader(path), path);

    public void Dispose()
    {
        foreach (var t in ModelState.Values.Concat(OptimizerState.Values)) t.Dispose();
    }
}
