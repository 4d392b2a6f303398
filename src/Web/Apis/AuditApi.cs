using System.Globalization;
using ControlPlane.Contracts.Audit;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

/// <summary><c>/api/v1/audit</c>: operator actions, newest first: who did what to which target, when, and how it ended.</summary>
internal static class AuditApi
{
    private const string Listing = "audit";

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", List).WithTags("Audit").WithName("ListAudit")
            .WithSummary("Operator actions (cordons, deployment puts and deletes, failovers, incident acks and resolves, sequence resets, token issues), newest first (?limit=&continue=).")
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<Ok<Page<AuditEntry>>, ValidationProblem>> List(IGrainFactory grains, [AsParameters] PageQuery query)
    {
        if (!query.TryRead(Listing, keys: 1, k => long.TryParse(k[0], NumberStyles.None, CultureInfo.InvariantCulture, out _), out var request, out var problem))
        {
            return problem;
        }

        long? before = request.FromStart ? null : long.Parse(request.After[0], CultureInfo.InvariantCulture);
        var items = await grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key).ListAsync(before, request.Limit + 1);
        var page = items.Take(request.Limit).ToArray();
        var next = items.Length > request.Limit ? ContinueToken.Encode(Listing, page[^1].Seq.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<AuditEntry>(page, next));
    }
}
