using Microsoft.Azure.Functions.Worker;

namespace QcsCloud.Functions.Tests.Support;

/// <summary>The function invocation as the worker hands it over, for calling the HTTP triggers in-process.</summary>
public sealed class FakeFunctionContext(IServiceProvider services) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId { get; } = "test";
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext => null!;
    public override Microsoft.Azure.Functions.Worker.RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition => null!;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => null!;
}
