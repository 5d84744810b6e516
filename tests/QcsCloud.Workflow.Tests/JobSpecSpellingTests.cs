using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Orchestrators;

namespace QcsCloud.Workflow.Tests;

/// <summary>Specs recorded in <c>job.json</c> before a trainer option was renamed still match the spec built now.</summary>
[TestClass]
public sealed class JobSpecSpellingTests
{
    private static readonly DatasetSnapshot Snapshot = new("rafdb", "abc", 3, 300, "http://127.0.0.1:10000/devstoreaccount1/datasets/rafdb/",
        "http://127.0.0.1:10000/devstoreaccount1/staging/rafdb/abc/", AlreadyStaged: false, Error: null);

    [TestMethod]
    public void A_staging_spec_recorded_with_pack_input_is_the_same_work_as_one_with_data()
    {
        var now = JobSpecFactory.Stage("run2", Snapshot);
        var recorded = now with
        {
            Name = "run1-stage-rafdb",
            Arguments = ["pack", "--dataset", "rafdb", "--input", Snapshot.DatasetUri!, "--output", Snapshot.StagingUri!],
        };

        Assert.IsTrue(StartJobActivity.SameWork(recorded, now), string.Join(' ', now.Arguments));
        Assert.IsFalse(StartJobActivity.SameWork(recorded with { Arguments = [.. recorded.Arguments, "--skip-bad"] }, now));
    }
}
