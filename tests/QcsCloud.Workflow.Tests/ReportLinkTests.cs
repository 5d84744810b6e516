using System.Web;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QcsCloud.Workflow.Api;

namespace QcsCloud.Workflow.Tests;

/// <summary>The report link signed with a user delegation key (Azure only: Azurite's shared key takes the streaming path).</summary>
[TestClass]
public sealed class ReportLinkTests
{
    [TestMethod]
    public void A_report_link_reads_one_blob_over_https_only_for_fifteen_minutes()
    {
        var blob = new BlobClient(new Uri("https://stqcs.blob.example.test/reports/run1/report.html"));
        var now = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
        var key = BlobsModelFactory.UserDelegationKey(
            "00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000b2",
            now.AddMinutes(-5), now.AddMinutes(15), "b", "2025-07-05", Convert.ToBase64String(new byte[32]));

        var link = ReportLink.Create(blob, key, "stqcs", now);

        var query = HttpUtility.ParseQueryString(link.Query);
        Assert.AreEqual("https", query["spr"], "a link usable over plain HTTP could be read on the way");
        Assert.AreEqual("r", query["sp"]);
        Assert.AreEqual("b", query["sr"]);
        Assert.AreEqual(now.AddMinutes(15), DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsFalse(string.IsNullOrEmpty(query["sig"]));
        Assert.AreEqual("/reports/run1/report.html", link.AbsolutePath);
    }
}
