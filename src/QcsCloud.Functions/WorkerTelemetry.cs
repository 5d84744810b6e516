using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QcsCloud.Functions;

/// <summary>
/// The worker's own logs and traces to Application Insights (the Functions host only sees the worker's stdout otherwise),
/// with the scopes <see cref="TaskAdapters"/> opens (run id, job name) as custom dimensions. The connection string comes
/// from <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Bicep sets it; Entra authentication through
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>); without it nothing is sent.
/// </summary>
public static class WorkerTelemetry
{
    /// <summary>The logger provider's name in the filter rule the Application Insights package adds.</summary>
    public const string ProviderName = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static IServiceCollection AddQcsWorkerTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        // The package's default rule keeps Warning and above only; host.json's levels decide instead.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var defaultRule = options.Rules.FirstOrDefault(rule => rule.ProviderName == ProviderName);
            if (defaultRule is not null) options.Rules.Remove(defaultRule);
        });
        return services;
    }
}
