
namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class StudentTTests
{
    [TestMethod]
    [DataRow(1, 12.706204736)]
    [DataRow(2, 4.302652730)]
    [DataRow(4, 2.776445105)]
    [DataRow(9, 2.262157163)]
    [DataRow(30, 2.042272456)]
    [DataRow(1000, 1.962339081)]
    public void The_975_quantile_matches_published_tables(int degreesOfFreedom, double expected)
    {
        Assert.AreEqual(expected, StudentT.Quantile(0.975, degreesOfFreedom), 1e-6);
    }

    [TestMethod]
    public void The_cdf_is_symmetric_and_inverts_the_quantile()
    {
        Assert.AreEqual(0.5, StudentT.Cdf(0, 3), 1e-12);
        Assert.AreEqual(1 - StudentT.Cdf(1.3, 5), StudentT.Cdf(-1.3, 5), 1e-12);
        Assert.AreEqual(0.9, StudentT.Cdf(StudentT.Quantile(0.9, 7), 7), 1e-9);
        Assert.AreEqual(-StudentT.Quantile(0.975, 3), StudentT.Quantile(0.025, 3), 1e-9);
    }
}
