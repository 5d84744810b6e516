using Microsoft.DurableTask;
using QcsCloud.Workflow;

namespace QcsCloud.Functions.Tests;

/// <summary>What the Functions host will index: every function, its trigger and its bindings.</summary>
[TestClass]
public sealed class FunctionsMetadataTests
{
    private static readonly (string Name, string Method, string Route)[] HttpRoutes =
    [
        ("StartRun", "post", "runs"),
        ("ListRuns", "get", "runs"),
        ("GetRun", "get", "runs/{id}"),
        ("CancelRun", "post", "runs/{id}/cancel"),
        ("GetRunReport", "get", "runs/{id}/report/{*path}"),
        ("PreviewRun", "post", "runs/preview"),
    ];

    [TestMethod]
    public void Every_API_route_is_an_HTTP_trigger_with_function_keys_and_a_durable_client()
    {
        var functions = FunctionsBuild.ReadMetadata(FunctionsBuild.BuildDirectory).ToDictionary(FunctionsBuild.Name);

        foreach (var (name, method, route) in HttpRoutes)
        {
            Assert.IsTrue(functions.TryGetValue(name, out var function), $"functions.metadata has no '{name}'");
            var trigger = FunctionsBuild.Bindings(function).Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.AreEqual("Function", trigger.GetProperty("authLevel").GetString(), $"{name} auth level");
            Assert.AreEqual(route, trigger.GetProperty("route").GetString(), $"{name} route");
            CollectionAssert.AreEqual(new[] { method }, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToArray(), $"{name} methods");
            Assert.IsTrue(FunctionsBuild.Bindings(function).Any(b => b.GetProperty("type").GetString() == "durableClient"), $"{name} has no durableClient binding");
            Assert.IsTrue(FunctionsBuild.Bindings(function).Any(b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out"), $"{name} has no HTTP output");
        }
    }

    [TestMethod]
    public void Every_workflow_orchestrator_and_activity_has_a_function_of_its_name_with_the_matching_trigger()
    {
        var functions = FunctionsBuild.ReadMetadata(FunctionsBuild.BuildDirectory).ToDictionary(FunctionsBuild.Name);
        var workflowTasks = typeof(QcsTaskRegistryExtensions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true })
            .Select(t => (Type: t, Trigger: TriggerOf(t)))
            .Where(t => t.Trigger is not null)
            .ToList();
        Assert.IsGreaterThanOrEqualTo(3, workflowTasks.Count, "the workflow defines orchestrators and activities");

        foreach (var (type, trigger) in workflowTasks)
        {
            Assert.IsTrue(functions.TryGetValue(type.Name, out var function), $"no function named {type.Name} for {trigger} {type.FullName}");
            Assert.IsTrue(FunctionsBuild.Bindings(function).Any(b => b.GetProperty("type").GetString() == trigger),
                $"function {type.Name} has no {trigger} binding: {function}");
        }
    }

    [TestMethod]
    public void No_function_is_anonymous()
    {
        var anonymous = FunctionsBuild.ReadMetadata(FunctionsBuild.BuildDirectory)
            .Where(f => FunctionsBuild.Bindings(f).Any(b => b.TryGetProperty("authLevel", out var level) && level.GetString() != "Function"))
            .Select(FunctionsBuild.Name)
            .ToList();

        Assert.IsEmpty(anonymous, string.Join(", ", anonymous));
    }

    private static string? TriggerOf(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (!t.IsGenericType) continue;
            var definition = t.GetGenericTypeDefinition();
            if (definition == typeof(TaskOrchestrator<,>)) return "orchestrationTrigger";
            if (definition == typeof(TaskActivity<,>)) return "activityTrigger";
        }
        return null;
    }
}
