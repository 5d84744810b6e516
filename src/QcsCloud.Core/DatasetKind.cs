namespace QcsCloud.Core;

/// <summary>The datasets the paper trains on, plus a generic <c>list.txt</c> + <c>classes.txt</c> layout.</summary>
public enum DatasetKind
{
    RafDb,
    FerPlus,
    AffectNet7,
    AffectNet8,
    Generic,
}
