using System.Text.Json;
using Microsoft.DurableTask.Client;
using QcsCloud.Core;

namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>
/// <c>POST /api/selfcheck</c> starts <see cref="SelfCheckOrchestratorV1"/>; <c>GET /api/selfcheck/{id}</c>
/// reads it back. Lets a user (and local-run.sh) see that the durable backend works before a real run.
/// </summary>
public static class SelfCheckEndpoints
{
    public static void MapSelfCheck(this IEndpointRouteBuilder api)
    {
        api.MapPost("/selfcheck", StartAsync);
        api.MapGet("/selfcheck/{id}", GetAsync);
    }

    private static async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        SelfCheckInput? input;
        try
        {
            input = request.ContentLength is 0 ? new SelfCheckInput(3, 200)
                : await JsonSerializer.DeserializeAsync<SelfCheckInput>(request.Body, QcsJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: 400, title: "Malformed JSON", detail: $"POST /api/selfcheck body: {e.Message}");
        }
        input ??= new SelfCheckInput(3, 200);
        if (input.Validate() is { Count: > 0 } problems)
            return Results.Problem(statusCode: 400, title: "Invalid self-check request", detail: string.Join("; ", problems));

        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(SelfCheckOrchestratorV1), input, cancellationToken);
        return Results.Accepted($"/api/selfcheck/{id}", new { id });
    }

    private static async Task<IResult> GetAsync(string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null) return Results.NotFound(new { id, error = $"No self-check instance '{id}'" });
        return Results.Ok(new
        {
            id,
            status = instance.RuntimeStatus.ToString(),
            progress = instance.SerializedCustomStatus is { } s ? JsonDocument.Parse(s).RootElement : (JsonElement?)null,
            steps = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? instance.ReadOutputAs<IReadOnlyList<SelfCheckStepResult>>() : null,
            failure = instance.FailureDetails?.ErrorMessage
                ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? instance.SerializedOutput : null),
        });
    }
}
