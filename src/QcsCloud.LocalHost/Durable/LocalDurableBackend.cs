using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace QcsCloud.LocalHost.Durable;

/// <summary>
/// Durable Task without the Functions host: the sidecar gRPC service (<see cref="TaskHubGrpcServer"/>)
/// served by this same Kestrel app on its own HTTP/2 port, backed by Azure Storage (Azurite), with the
/// stock gRPC worker and client connected to it over loopback. The API port stays HTTP/1.1 for curl.
/// </summary>
public static class LocalDurableBackend
{
    public static int AddLocalDurableBackend(
        this WebApplicationBuilder builder, LocalHostOptions options, Action<DurableTaskRegistry> tasks)
    {
        var grpcPort = options.GrpcPort != 0 ? options.GrpcPort : FreePort.Pick();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.ApiPort, listen => listen.Protocols = HttpProtocols.Http1);
            // gRPC needs HTTP/2; without TLS Kestrel cannot offer both on one port, hence a second one.
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });

        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton(sp => new AzureStorageOrchestrationService(
            AzureStorageBackend.Settings(options, sp.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddSingleton<IOrchestrationService>(sp => new SidecarStorageAdapter(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            TimeSpan.FromSeconds(options.QueueVisibilityTimeoutSeconds) / 3,
            sp.GetRequiredService<ILogger<SidecarStorageAdapter>>()));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        // Two channels on purpose: the worker starts (and dials) before Kestrel listens, and a refused first dial puts
        // its channel into reconnect backoff; an API call sharing that channel then failed with "Unavailable".
        // The client's own channel is dialled only by API calls, which Kestrel serves after it listens.
        var workerChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var clientChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(workerChannel);
            worker.AddTasks(tasks);
            worker.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivities;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentOrchestrations;
            });
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(clientChannel));
        return grpcPort;
    }

    /// <summary>Creates the task hub in storage, then maps the sidecar service on the gRPC port only.</summary>
    public static async Task MapLocalDurableBackendAsync(this WebApplication app, int grpcPort, CancellationToken cancellationToken)
    {
        var service = app.Services.GetRequiredService<AzureStorageOrchestrationService>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LocalHostOptions>>().Value;
        try
        {
            await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Cannot create task hub '{options.TaskHubName}' in storage: {e.Message}. " +
                "Is Azurite running (bash infra/scripts/azurite.sh start) and the connection string right?", e);
        }

        // Built now rather than at the first gRPC call: it hooks ApplicationStarted to start its dispatchers.
        app.Services.GetRequiredService<TaskHubGrpcServer>();
        app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{grpcPort}");
    }
}
