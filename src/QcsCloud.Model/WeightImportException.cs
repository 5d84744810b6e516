namespace QcsCloud.Model;

/// <summary>A weight file that cannot be imported: nothing or too little matched, or a shape differs. The message names the file and key.</summary>
public sealed class WeightImportException(string message, Exception? inner = null) : Exception(message, inner);
