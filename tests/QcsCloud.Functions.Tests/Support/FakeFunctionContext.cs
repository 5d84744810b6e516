using Microsoft.Azure.Functions.Worker;

namespace QcsCloud.Functions.Tests.Support;

/// <summary>The function invocation as the worker hands it over, for calling the triggers in-process.</summary>
/// <param name="services">The invocation's services.</param>
/// <param name="bindingData">Trigger metadata (an activity's orchestration <c>instanceId</c>); none when null.</param>
public sealed class FakeFunctionContext(IServiceProvider services, IReadOnlyDictionary<string, object?>? bindingData = null) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId { get; } = "test";
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext { get; } = new FakeBindingContext(bindingData ?? new Dictionary<string, object?>());
    public override Microsoft.Azure.Functions.Worker.RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition => null!;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => null!;
}

/// <summary>Trigger metadata only.</summary>
public sealed class FakeBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
{
    public override IReadOnlyDictionary<string, object?> BindingData { get; } = bindingData;
}
