using System.Diagnostics;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Pods;
using ControlPlane.Wire.Deployments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

/// <summary>
/// <c>GET /api/v1/deployments/{name}/pods/{pod}/log</c> (the tail of a pod's log, <c>text/plain</c>) and
/// <c>…/events</c> (its Kubernetes events): what an operator reads next to an incident, through the same log reading the
/// failover's diagnosis uses. Only pods the deployment observed are served.
/// </summary>
internal static class PodsApi
{
    public static IEndpointRouteBuilder MapPodsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/deployments/{name}/pods/{pod}/log", Log).WithTags("Deployments").WithName("GetPodLog")
            .WithSummary("The last tailLines lines (default 1,000, at most 20,000; at most 4 MiB) of one of the deployment's pods' log; previous=true: the container before its last restart.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .RequireAuthorization(Policies.Read);
        routes.MapGet("/api/v1/deployments/{name}/pods/{pod}/events", Events).WithTags("Deployments").WithName("GetPodEvents")
            .WithSummary("The Kubernetes events about one of the deployment's pods, oldest first.")
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem, NotFoundProblem, ConflictProblem, UnavailableProblem>> Log(
        string name, string pod, bool? previous, int? tailLines, DeploymentPods pods, CancellationToken cancellationToken)
    {
        if (tailLines is < 1 or > DeploymentPods.MaxTailLines)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tailLines"] = [$"must be 1 to {DeploymentPods.MaxTailLines}, was {tailLines}"] });
        }

        var (found, problem) = await FindAsync(name, pod, pods);
        if (found is null)
        {
            return problem switch { ValidationProblem v => v, ConflictProblem c => c, NotFoundProblem n => n, _ => throw new UnreachableException() };
        }

        string? text;
        try
        {
            text = await pods.ReadLogAsync(pod, previous ?? false, tailLines ?? DeploymentPods.DefaultTailLines, cancellationToken);
        }
        catch (PodReadFailedException e)
        {
            return new UnavailableProblem("Kubernetes API unavailable", e.Message);
        }

        return text is null
            ? new NotFoundProblem("No log", DeploymentPods.NoLogMessage(pod, previous is true))
            : TypedResults.Text(text, "text/plain; charset=utf-8");
    }

    public static async Task<Results<Ok<IReadOnlyList<PodEvent>>, ValidationProblem, NotFoundProblem, ConflictProblem, UnavailableProblem>> Events(
        string name, string pod, DeploymentPods pods, CancellationToken cancellationToken)
    {
        var (found, problem) = await FindAsync(name, pod, pods);
        if (found is null)
        {
            return problem switch { ValidationProblem v => v, ConflictProblem c => c, NotFoundProblem n => n, _ => throw new UnreachableException() };
        }

        try
        {
            return TypedResults.Ok(await pods.EventsAsync(pod, cancellationToken));
        }
        catch (PodReadFailedException e)
        {
            return new UnavailableProblem("Kubernetes API unavailable", e.Message);
        }
    }

    private static async Task<(PodView? Pod, IResult? Problem)> FindAsync(string name, string pod, DeploymentPods pods)
    {
        if (DeploymentsApi.InvalidName(name) is { } invalid)
        {
            return (null, invalid);
        }

        var lookup = await pods.FindAsync(name, pod);
        if (lookup.Deployment is null)
        {
            return (null, DeploymentsApi.Unknown(name));
        }

        if (pods.PlanOnly)
        {
            return (null, new ConflictProblem("Plan-only", DeploymentPods.PlanOnlyMessage));
        }

        return lookup.Pod is null
            ? (null, new NotFoundProblem("Unknown pod", DeploymentPods.UnknownPodMessage(name, pod, lookup.Names)))
            : (lookup.Pod, null);
    }
}
