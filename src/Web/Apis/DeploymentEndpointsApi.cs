using ControlPlane.Contracts.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis;

/// <summary>
/// <c>GET /api/v1/deployments/{name}/endpoints</c>: every current pair's prefill URL, bootstrap port and decode URL, and the
/// rendered router's URL, for a router outside the control plane. Computed from the recorded pairs on each call, so it
/// changes when the pairs do.
/// </summary>
internal static class DeploymentEndpointsApi
{
    public static IEndpointRouteBuilder MapDeploymentEndpointsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/deployments/{name}/endpoints", Get).WithTags("Deployments").WithName("GetDeploymentEndpoints")
            .WithSummary("Each current pair's prefill URL, bootstrap port and decode URL, and the router's URL, for an external router.")
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<Ok<DeploymentEndpoints>, ValidationProblem, NotFoundProblem>> Get(string name, IGrainFactory grains, IOptions<KubernetesOptions> kubernetes)
    {
        if (DeploymentsApi.InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        if (await grains.GetGrain<IModelDeploymentGrain>(name).GetAsync() is not { } view)
        {
            return DeploymentsApi.Unknown(name);
        }

        return TypedResults.Ok(DeploymentEndpoints.For(name, view.Spec, view.Pairs, kubernetes.Value.RenderOptionsFor(view.Spec.Pool)));
    }
}
