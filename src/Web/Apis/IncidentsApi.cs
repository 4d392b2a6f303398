using ControlPlane.Wire.Nodes;
using System.Security.Claims;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Audit;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Apis;

/// <summary><c>/api/v1/incidents</c>: what failed, what was blamed, and every step taken since.</summary>
internal static class IncidentsApi
{
    private const string Listing = "incidents";

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/incidents").WithTags("Incidents");
        api.MapGet("/", List).WithName("ListIncidents")
            .WithSummary("Incidents, newest first, without their timelines (?state=&deployment=&node=&limit=&continue=).").RequireAuthorization(Policies.Read);
        api.MapGet("/{id}", Get).WithName("GetIncident").WithSummary("One incident with its blame, pairs and timeline.").RequireAuthorization(Policies.Read);
        api.MapPost("/{id}/ack", Acknowledge).WithName("AcknowledgeIncident").WithSummary("Say a person is on it (recorded on the timeline).").RequireAuthorization(Policies.Operate).Audited("ack-incident", "incident {id}");
        api.MapPost("/{id}/resolve", Resolve).WithName("ResolveIncident")
            .WithSummary("Close it and lift its quarantines; resolving a fabric incident resumes automatic quarantine.").RequireAuthorization(Policies.Operate).Audited("resolve-incident", "incident {id}");
        return routes;
    }

    public static async Task<Results<Ok<Page<IncidentView>>, ValidationProblem>> List(
        IGrainFactory grains, [AsParameters] PageQuery query, [FromQuery] string? state, [FromQuery] string? deployment, [FromQuery] string? node)
    {
        if (!query.TryRead(Listing, keys: 1, k => IncidentIds.IsValid(k[0]), out var request, out var problem))
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        IncidentState? wanted = null;
        if (state is not null)
        {
            if (Enum.TryParse<IncidentState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors["state"] = [$"must be one of {string.Join(", ", Enum.GetNames<IncidentState>())}"];
            }
        }

        if (deployment is not null && DeploymentsApi.InvalidName(deployment) is not null)
        {
            errors["deployment"] = ["is not a valid deployment name"];
        }

        if (node is not null && !NodeId.IsValid(node))
        {
            errors["node"] = [NodeId.Describe(node)];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var items = await grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key).ListAsync(new IncidentFilter
        {
            State = wanted, Deployment = deployment, Node = node, After = request.FromStart ? null : request.After[0], Limit = request.Limit + 1,
        });
        var page = items.Take(request.Limit).ToArray();
        return TypedResults.Ok(new Page<IncidentView>(page, items.Length > request.Limit ? ContinueToken.Encode(Listing, page[^1].Id) : null));
    }

    public static async Task<Results<Ok<IncidentView>, NotFoundProblem, ValidationProblem>> Get(string id, IGrainFactory grains)
    {
        if (!IncidentIds.IsValid(id))
        {
            return InvalidId(id);
        }

        return await grains.GetGrain<IIncidentGrain>(id).GetAsync() is { } view ? TypedResults.Ok(view) : Unknown(id);
    }

    public static async Task<Results<Ok<IncidentView>, NotFoundProblem, ValidationProblem>> Acknowledge(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.IsValid(id))
        {
            return InvalidId(id);
        }

        var grain = grains.GetGrain<IIncidentGrain>(id);
        return await grain.GetAsync() is null ? Unknown(id)
            : await grain.AcknowledgeAsync(Who(user)) is { } view ? TypedResults.Ok(view) : Unknown(id);
    }

    public static async Task<Results<Ok<IncidentView>, NotFoundProblem, ValidationProblem, BodyProblem>> Resolve(string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!IncidentIds.IsValid(id))
        {
            return InvalidId(id);
        }

        string? note = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await BoundedJsonBody.ReadAsync<ResolveBody>(request, 16 * 1024, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Note is { Length: > CordonReason.MaxLength })
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = [$"is at most {CordonReason.MaxLength} characters"] });
            }

            note = body.Note?.Trim();
        }

        var grain = grains.GetGrain<IIncidentGrain>(id);
        return await grain.GetAsync() is null ? Unknown(id)
            : await grain.ResolveAsync(Who(user), note) is { } view ? TypedResults.Ok(view) : Unknown(id);
    }

    internal static string Who(ClaimsPrincipal user) => $"{user.FindFirstValue(ClaimTypes.Role) ?? "user"}:{user.Identity?.Name ?? "unknown"}";

    private static ValidationProblem InvalidId(string id) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [IncidentIds.Describe(id)] });

    private static NotFoundProblem Unknown(string id) => new("Unknown incident", $"No incident '{id}'.");
}

internal sealed record ResolveBody(string? Note);
