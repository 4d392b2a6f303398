using ControlPlane.Contracts.Deployments;
using ControlPlane.Grains;
using ControlPlane.Health;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Portal.Telemetry;
using ControlPlane.Wire.Placement;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis;

/// <summary>
/// <c>GET /api/v1/deployments/{name}/imbalance</c>: for every replica of every pair, how evenly its GPUs worked over the
/// last <see cref="ImbalanceOptions.Window"/> (<see cref="ReplicaImbalance"/>), from the readings this front end ingested.
/// </summary>
internal static class ImbalanceApi
{
    public static IEndpointRouteBuilder MapImbalanceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/deployments/{name}/imbalance", Get).WithTags("Deployments").WithName("GetDeploymentImbalance")
            .WithSummary("Per replica: utilisation spread and standard deviation, memory spread, and the GPU that stands out (advisory).")
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<Ok<ReplicaImbalanceView[]>, NotFoundProblem, ValidationProblem>> Get(
        string name, IGrainFactory grains, GpuTelemetryHistory history, IOptions<ImbalanceOptions> options, TimeProvider clock)
    {
        if (DeploymentsApi.InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        if (await grains.Grain<IModelDeploymentGrain>(name).GetAsync() is not { } view)
        {
            return DeploymentsApi.Unknown(name);
        }

        var since = clock.GetUtcNow() - options.Value.Window;
        ReplicaImbalanceView Of(int pair, string role, ReplicaPlacement replica) => new()
        {
            Pair = pair,
            Role = role,
            Node = replica.Node,
            Gpus = replica.GpuIndices,
            Reading = ReplicaImbalance.Read([.. replica.GpuIndices.Select(i => Window(history, replica.Node, i, since))], options.Value),
        };

        return TypedResults.Ok<ReplicaImbalanceView[]>(
            [.. view.Pairs.SelectMany(p => new[] { Of(p.Index, "prefill", p.Placement.Prefill), Of(p.Index, "decode", p.Placement.Decode) })]);
    }

    private static GpuWindow Window(GpuTelemetryHistory history, string node, int gpu, DateTimeOffset since)
    {
        var samples = history.Of(node, gpu).Where(s => s.At >= since).ToArray();
        var utilization = samples.Where(s => s.UtilizationPercent is not null).Select(s => (double)s.UtilizationPercent!.Value).DefaultIfEmpty(0).Average();
        var memory = samples.Select(s => s.MemoryPercent).DefaultIfEmpty(0).Average();
        return new GpuWindow(gpu, utilization, memory, samples.Length);
    }
}

/// <summary>One replica's imbalance; <see cref="Reading"/> is null until its GPUs have enough readings in the window.</summary>
public sealed record ReplicaImbalanceView
{
    public required int Pair { get; init; }
    public required string Role { get; init; }
    public required string Node { get; init; }
    public required int[] Gpus { get; init; }
    public ImbalanceReading? Reading { get; init; }
}
