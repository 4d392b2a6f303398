using ControlPlane.Contracts.Reservations;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

/// <summary>The reservation reconciler: what it last found, and a pass on demand.</summary>
internal static class ReservationsApi
{
    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/reservations:reconcile", Reconcile).WithTags("Reservations").WithName("ReconcileReservations")
            .WithSummary("Compare every node's allocations with the deployments now: release what no live pair owned for the grace period, " +
                "reserve again what a live pair lost, list a placed deployment missing from the listing.")
            .RequireAuthorization(Policies.Administer);
        routes.MapGet("/api/v1/reservations/reconcile", Last).WithTags("Reservations").WithName("LastReservationReconcile")
            .WithSummary("What the last reconcile pass found and did.").RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Ok<ReconcileReport>> Reconcile(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IReservationReconcilerGrain>(IReservationReconcilerGrain.Key).ReconcileNowAsync());

    public static async Task<Results<Ok<ReconcileReport>, NotFoundProblem>> Last(IGrainFactory grains) =>
        await grains.GetGrain<IReservationReconcilerGrain>(IReservationReconcilerGrain.Key).LastReportAsync() is { } report
            ? TypedResults.Ok(report)
            : new NotFoundProblem("Not run yet", "The reconciler has not finished a pass since this silo started; POST /api/v1/reservations:reconcile runs one.");
}
