using ControlPlane.Contracts.Gpus;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Gpus;
using ControlPlane.Wire.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

internal static class GpusApi
{
    public static IEndpointRouteBuilder MapGpusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/gpus").WithTags("GPUs")
            .MapGet("/{uuid}", GetGpu).WithName("GetGpu").WithSummary("One GPU by UUID: where it is, its health and its history.").RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<Ok<GpuRecord>, NotFoundProblem, ValidationProblem>> GetGpu(string uuid, IGrainFactory grains)
    {
        if (!GpuUuid.IsValid(uuid))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["uuid"] = [$"'{uuid}' is not a GPU UUID (GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"] });
        }

        return await grains.GetGrain<IGpuGrain>(uuid).GetAsync() is { } gpu
            ? TypedResults.Ok(gpu)
            : new NotFoundProblem("Unknown GPU", $"No node has reported GPU '{uuid}'.");
    }
}
