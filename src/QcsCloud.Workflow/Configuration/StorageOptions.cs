using System.ComponentModel.DataAnnotations;

namespace QcsCloud.Workflow.Configuration;

/// <summary>
/// The one storage account (section <c>Qcs:Storage</c>). Locally a connection string
/// (<c>UseDevelopmentStorage=true</c> for Azurite); in Azure the account name, reached with
/// <c>DefaultAzureCredential</c> (managed identity), never a key.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Qcs:Storage";

    /// <summary>A connection string (Azurite: <c>UseDevelopmentStorage=true</c>). Wins over <see cref="AccountName"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Storage account name for identity-based access in Azure.</summary>
    public string? AccountName { get; set; }

    /// <summary>Blob endpoint override for <see cref="AccountName"/> (default <c>https://{account}.blob.core.windows.net</c>).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Optional prefix of every container name, e.g. <c>t1-</c> -> <c>t1-datasets</c>; lets tests share one Azurite.</summary>
    public string? ContainerPrefix { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountName))
            yield return new ValidationResult(
                $"{Section}: set ConnectionString (locally 'UseDevelopmentStorage=true') or AccountName (Azure, managed identity).",
                [nameof(ConnectionString), nameof(AccountName)]);
        if (AccountName is { Length: > 0 } name && !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9]{3,24}$"))
            yield return new ValidationResult(
                $"{Section}:AccountName '{name}' is not a storage account name (3-24 lower-case letters and digits).",
                [nameof(AccountName)]);
        if (ContainerPrefix is { Length: > 0 } p && !System.Text.RegularExpressions.Regex.IsMatch(p, "^[a-z0-9][a-z0-9-]{0,19}$"))
            yield return new ValidationResult(
                $"{Section}:ContainerPrefix '{p}' is not allowed: 1-20 lower-case letters, digits and '-', starting with a letter or digit.",
                [nameof(ContainerPrefix)]);
    }
}
