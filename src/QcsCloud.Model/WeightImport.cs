using System.Collections;
using System.Text.RegularExpressions;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module;

namespace QcsCloud.Model;

/// <summary>
/// Loads PyTorch weight files into our networks by name and shape (docs/method.md section 6): <c>ir50.pth</c> (body1/2/3
/// names, or face.evoLVe's flat <c>body.N</c> mapped onto the stage depths, extra units dropped) and reference
/// checkpoints (a dict with <c>state_dict</c>, <c>module.</c> prefixes, <c>embed_1/2/3</c> as old names of
/// <c>embed_q/k/v</c>, never-run modules ignored). Works for any module whose keys follow the reference names:
/// training networks, <see cref="InferenceNetwork"/>, <see cref="Ir50"/> alone is not supported (use a network).
/// </summary>
public static partial class WeightImport
{
    /// <summary>Below this share of in-scope keys loaded, the import is refused as "too little matched".</summary>
    public const double DefaultMinimumLoadedFraction = 0.5;

    /// <summary>Reads <paramref name="path"/> and loads it into <paramref name="target"/>; see <see cref="LoadStateDict"/>.</summary>
    public static WeightImportReport Load(Module target, string path, NetworkOptions options, double minimumLoadedFraction = DefaultMinimumLoadedFraction)
    {
        var raw = ReadStateDict(path);
        try
        {
            return LoadStateDict(target, raw, Path.GetFileName(path), options, minimumLoadedFraction);
        }
        finally
        {
            foreach (var t in raw.Values) t.Dispose();
        }
    }

    /// <summary>
    /// The tensors of a PyTorch file (<c>torch.save</c> zip format): a bare state dict, or the <c>state_dict</c> (or
    /// <c>model</c>) entry of a checkpoint dict. Keys are returned as stored (prefixes are handled on load).
    /// </summary>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        if (!File.Exists(path)) throw new WeightImportException($"Weight file {path} does not exist");
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not WeightImportException)
        {
            throw new WeightImportException($"{path} is not a PyTorch state dict or checkpoint readable here ({e.Message})", e);
        }
        var inner = table["state_dict"] as Hashtable ?? table["model"] as Hashtable ?? table;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in inner)
            if (e.Key is string key && e.Value is Tensor t) result[key] = t;
        if (result.Count == 0)
            throw new WeightImportException($"{path} holds no tensors (expected a state dict, or a dict with 'state_dict')");
        return result;
    }

    /// <summary>
    /// Loads <paramref name="source"/> into <paramref name="target"/>: exact copies for every key whose (normalised)
    /// name exists in the target. Refuses with <see cref="WeightImportException"/> when nothing matches, when fewer
    /// than <paramref name="minimumLoadedFraction"/> of the in-scope keys match, or when a matching key has a
    /// different shape. Nothing is copied unless the whole import is accepted.
    /// </summary>
    public static WeightImportReport LoadStateDict(Module target, IReadOnlyDictionary<string, Tensor> source, string sourceName,
        NetworkOptions options, double minimumLoadedFraction = DefaultMinimumLoadedFraction)
    {
        var stripped = source.ToDictionary(kv => StripModulePrefix(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        var kind = DetectKind(stripped.Keys);
        string? MapName(string key) => kind == WeightFileKind.Ir50 ? MapIr50Key(key, options) : MapNetworkKey(key);
        var copy = StateDictCopy.Plan(target, stripped, MapName, sameShape: SameShape);

        if (copy.Mismatches.FirstOrDefault() is { } bad)
            throw new WeightImportException(
                $"{sourceName}: '{bad.SourceKey}' has shape [{string.Join(", ", bad.SourceShape)}] but the network's '{bad.TargetName}' has [{string.Join(", ", bad.TargetShape)}]" +
                (bad.TargetName.Contains(".head.") ? " (different class count: use the backbone transfer to fine-tune)" : ""));
        if (copy.Loaded.Count == 0)
            throw new WeightImportException(
                $"{sourceName}: none of its {stripped.Count} keys matches the network (first keys: {string.Join(", ", stripped.Keys.Take(3))})");
        var inScope = target.state_dict().Keys
            .Where(k => kind == WeightFileKind.Network || k.StartsWith("ir_back.", StringComparison.Ordinal)).ToList();
        var loaded = copy.Loaded.ToHashSet(StringComparer.Ordinal);
        var loadedInScope = inScope.Count(loaded.Contains);
        if (loadedInScope < minimumLoadedFraction * inScope.Count)
            throw new WeightImportException(
                $"{sourceName}: only {loadedInScope} of the network's {inScope.Count} {(kind == WeightFileKind.Ir50 ? "IR-50 " : "")}keys matched " +
                $"(need {minimumLoadedFraction:P0}); is it the right file for this architecture?");

        copy.Apply();
        var missing = inScope.Where(k => !loaded.Contains(k)).ToList();
        var unused = copy.Unused;
        // Keys dropped on purpose (output_layer, modules the reference builds but never runs) are expected leftovers.
        var known = unused.Count(k => MapName(k) is null || IsNeverRun(k));
        return new WeightImportReport(sourceName, kind, loaded.Count, inScope.Count, missing, unused, known);
    }

    private static string StripModulePrefix(string key) => key.StartsWith("module.", StringComparison.Ordinal) ? key["module.".Length..] : key;

    private static WeightFileKind DetectKind(IEnumerable<string> keys) =>
        keys.Any(k => k.StartsWith("input_layer.", StringComparison.Ordinal) || Ir50Body().IsMatch(k))
            ? WeightFileKind.Ir50
            : WeightFileKind.Network;

    /// <summary>ir50 keys -> <c>ir_back.*</c>; flat <c>body.N</c> onto body1..3 by the stage depths; null = dropped on purpose.</summary>
    private static string? MapIr50Key(string key, NetworkOptions options)
    {
        if (key.StartsWith("output_layer.", StringComparison.Ordinal)) return null;
        var flat = FlatBody().Match(key);
        if (!flat.Success) return "ir_back." + key;
        var unit = int.Parse(flat.Groups[1].Value);
        var rest = key[flat.Length..];
        var start = 0;
        for (var stage = 0; stage < 3; stage++)
        {
            if (unit < start + options.StageDepths[stage]) return $"ir_back.body{stage + 1}.{unit - start}{rest}";
            start += options.StageDepths[stage];
        }
        return null; // IR-50's fourth stage (units 21-23): not part of this network.
    }

    private static string MapNetworkKey(string key)
    {
        foreach (var (old, name) in new[] { ("embed_1.", "embed_q."), ("embed_2.", "embed_k."), ("embed_3.", "embed_v.") })
            if (key.StartsWith(old, StringComparison.Ordinal)) return name + key[old.Length..];
        return key;
    }

    private static bool IsNeverRun(string key) => NeverRun().IsMatch(key);

    // PyBridge reads a 0-d tensor (theta) as shape [1]: same element, same meaning.
    private static bool SameShape(Tensor dest, Tensor value) =>
        dest.shape.SequenceEqual(value.shape) || (dest.numel() == 1 && value.numel() == 1);

    [GeneratedRegex(@"^body[123]?\.\d+\.")]
    private static partial Regex Ir50Body();

    [GeneratedRegex(@"^body\.(\d+)")]
    private static partial Regex FlatBody();

    [GeneratedRegex(@"(^ir_back\.output_layer\.|^VIT_(base|cross)\.(patch_embed|eca_block|CON1|IRLinear1|IRLinear2|dist_token|head_dist)|^VIT_(base|cross)\.blocks\.\d+\.conv\.)")]
    private static partial Regex NeverRun();
}
