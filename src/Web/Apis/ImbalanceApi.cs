using ControlPlane.Contracts.Deployments;
using ControlPlane.Grains;
using ControlPlane.Health;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Portal.Telemetry;
using ControlPlane.Web.Telemetry;
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

        return TypedResults.Ok(ReplicaImbalances.Of(view, history, options.Value, clock.GetUtcNow()));
    }
}
