using System.Text;
using ControlPlane.Grains;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Grains.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Audit;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis;

internal static class DeploymentsApi
{
    private const string Listing = "deployments";
    private const int MaxSpecBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/deployments").WithTags("Deployments");
        api.MapGet("/", List).WithName("ListDeployments").WithSummary("Deployments with status, a page at a time (?limit=&continue=).").RequireAuthorization(Policies.Read);
        api.MapGet("/{name}", Get).WithName("GetDeployment").WithSummary("Spec, status, and every pair with its nodes, GPUs, NICs, tier and estimated KV transfer time.").RequireAuthorization(Policies.Read);
        api.MapPut("/{name}", Put).WithName("PutDeployment")
            .WithSummary("Create or update (idempotent); places, reserves and applies only what changed. 200 when placed (and applied, or plan-only); " +
                "202 when accepted but not done: ApplyFailed (the API server refused; GPUs kept, retried with back-off) or Pending (re-placing once the old pods are gone); " +
                "409 with the rejections when it fits nowhere, or while it is deleting or old pairs are still terminating; 503 when nothing could be recorded (nothing is held).")
            .RequireAuthorization(Policies.Operate).Audited("put-deployment", "deployment {name}");
        api.MapDelete("/{name}", Delete).WithName("DeleteDeployment")
            .WithSummary("Delete the objects; 202 with status Deleting until the pods are observed gone, then the GPUs are released and the deployment forgotten; " +
                "200 when done at once (plan-only mode, or nothing applied).")
            .RequireAuthorization(Policies.Operate).Audited("delete-deployment", "deployment {name}");
        api.MapGet("/{name}/manifests", Manifests).WithName("GetDeploymentManifests").WithSummary("The Kubernetes objects as YAML.").Produces<string>(StatusCodes.Status200OK, "application/yaml").RequireAuthorization(Policies.Read);

        routes.MapPost("/api/v1/placements:plan", Plan).WithTags("Placement").WithName("PlanPlacement")
            .WithSummary("What-if: where the spec's pairs would go, the runner-up, and why not the other nodes. Reserves nothing.")
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<Ok<Page<DeploymentView>>, ValidationProblem>> List(IGrainFactory grains, [AsParameters] PageQuery query)
    {
        if (!query.TryRead(Listing, keys: 1, k => InvalidName(k[0]) is null, out var request, out var problem))
        {
            return problem;
        }

        var afterName = request.FromStart ? null : request.After[0];
        var names = await DeploymentDirectory.ListAsync(grains);
        var page = names.Where(n => afterName is null || string.CompareOrdinal(n, afterName) > 0).Take(request.Limit).ToArray();
        var views = await Task.WhenAll(page.Select(n => grains.Grain<IModelDeploymentGrain>(n).GetAsync()));
        var more = page.Length == request.Limit && names.Any(n => string.CompareOrdinal(n, page[^1]) > 0);
        return TypedResults.Ok(new Page<DeploymentView>([.. views.Where(v => v is not null).Select(v => v!)], more ? ContinueToken.Encode(Listing, page[^1]) : null));
    }

    public static async Task<Results<Ok<DeploymentView>, NotFoundProblem, ValidationProblem>> Get(string name, IGrainFactory grains)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        return await grains.Grain<IModelDeploymentGrain>(name).GetAsync() is { } view ? TypedResults.Ok(view) : Unknown(name);
    }

    public static async Task<Results<Ok<DeploymentView>, Accepted<DeploymentView>, ValidationProblem, BodyProblem, ConflictProblem, UnavailableProblem>> Put(
        string name, HttpRequest request, IGrainFactory grains, IDeploymentPlanner planner, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        var (spec, problem) = await BoundedJsonBody.ReadAsync<DeploymentSpec>(request, MaxSpecBytes, cancellationToken, ApiJson.Strict);
        if (problem is not null)
        {
            return problem;
        }

        // The grain checks the spec (DeploymentSpecChecks) before it stores anything: an invalid one is an
        // InvalidInputException, answered 400 naming its fields (InvalidInputExceptionHandler).
        var outcome = await grains.Grain<IModelDeploymentGrain>(name).PutAsync(spec!);
        if (outcome.Refused is { } refused)
        {
            return outcome.Unavailable
                ? new UnavailableProblem(refused, outcome.Detail)
                : new ConflictProblem(refused, outcome.Detail, new Dictionary<string, object?> { ["rejections"] = outcome.Rejections });
        }

        var view = outcome.View!;
        return view.Status is DeploymentStatus.ApplyFailed or DeploymentStatus.Pending
            ? TypedResults.Accepted($"/api/v1/deployments/{name}", view)
            : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok, Accepted<DeploymentView>, NotFoundProblem, ValidationProblem>> Delete(string name, IGrainFactory grains)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        var grain = grains.Grain<IModelDeploymentGrain>(name);
        return await grain.DeleteAsync() switch
        {
            DeleteOutcome.Deleted => TypedResults.Ok(),
            DeleteOutcome.Deleting => TypedResults.Accepted($"/api/v1/deployments/{name}", await grain.GetAsync()),
            _ => Unknown(name),
        };
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem, NotFoundProblem, ConflictProblem>> Manifests(string name, IGrainFactory grains, IOptions<KubernetesOptions> kubernetes)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        if (await grains.Grain<IModelDeploymentGrain>(name).GetAsync() is not { } view)
        {
            return Unknown(name);
        }

        if (view.Pairs.Length == 0)
        {
            return new ConflictProblem("Not placed", $"'{name}' has no placed pairs to render: {view.Message}");
        }

        var rendered = DeploymentManifests.Render(name, view.Spec, view.Pairs, kubernetes.Value, view.Spares);
        return TypedResults.Text(rendered.Yaml, "application/yaml", Encoding.UTF8);
    }

    public static async Task<Results<Ok<PlacementPlan>, BodyProblem, ConflictProblem>> Plan(HttpRequest request, IDeploymentPlanner planner, CancellationToken cancellationToken)
    {
        var (spec, problem) = await ReadSpecAsync(request, planner, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var plan = await planner.PlanAsync(spec!, cancellationToken);
        return plan.Complete
            ? TypedResults.Ok(plan)
            : new ConflictProblem("Fits nowhere", "No placement satisfies the spec; see rejections for why each node was not used.",
                new Dictionary<string, object?> { ["rejections"] = plan.Rejections, ["pairs"] = plan.Pairs });
    }

    private static async Task<(DeploymentSpec? Spec, BodyProblem? Problem)> ReadSpecAsync(HttpRequest request, IDeploymentPlanner planner, CancellationToken cancellationToken)
    {
        var (spec, problem) = await BoundedJsonBody.ReadAsync<DeploymentSpec>(request, MaxSpecBytes, cancellationToken, ApiJson.Strict);
        if (problem is not null)
        {
            return (null, problem);
        }

        var errors = DeploymentSpecChecks.Problems(spec!, await planner.LargestNodeGpusAsync());
        return errors.Count > 0 ? (null, BodyProblem.Invalid(errors, DeploymentSpecChecks.Title)) : (spec, null);
    }

    /// <summary>The name prefixes every Kubernetes object of the deployment: the renderer's rule, checked before anything else.</summary>
    internal static ValidationProblem? InvalidName(string name) =>
        RenderPreflight.NameProblem(name) is { } problem
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [problem] })
            : null;

    internal static NotFoundProblem Unknown(string name) => new("Unknown deployment", $"No deployment '{name}'.");
}
