namespace QcsCloud.Data.Datasets;

/// <summary>How much of each image file is checked while reading a dataset.</summary>
public enum ImageCheck
{
    Exists,
    Header,
}
