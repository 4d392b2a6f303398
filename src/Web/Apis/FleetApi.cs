using ControlPlane.Contracts.Fleet;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Fleet;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

internal static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/fleet").WithTags("Fleet")
            .MapGet("/versions", GetVersions).WithName("GetFleetVersions")
            .WithSummary("Nodes grouped by driver/CUDA/NCCL per pool; nodes off their pool's CUDA or NCCL majority are flagged.")
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Ok<VersionReport>> GetVersions(IGrainFactory grains)
    {
        var pools = await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var reports = await Task.WhenAll(pools.Select(p => grains.GetGrain<IFleetGrain>(p).GetVersionsAsync()));
        return TypedResults.Ok(new VersionReport
        {
            Groups = [.. reports.SelectMany(r => r.Groups)],
            Drift = [.. reports.SelectMany(r => r.Drift)],
        });
    }
}
