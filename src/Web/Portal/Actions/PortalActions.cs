using System.Security.Claims;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Audit;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Portal.Deployments;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace ControlPlane.Web.Portal.Actions;

/// <summary>
/// What the portal changes, on behalf of the circuit's signed-in user. Each action checks the same
/// policy as its REST endpoint (a hidden button is not a permission) and the same validators, then
/// calls the same grains the API calls: never HTTP to itself.
/// </summary>
internal sealed class PortalActions(AuthenticationStateProvider authentication, IAuthorizationService authorization, IGrainFactory grains, IDeploymentPlanner planner, AuditTrail audit)
{
    public async Task<bool> MayAsync(string policy) => (await authorization.AuthorizeAsync(await UserAsync(), policy)).Succeeded;

    public Task<PortalOutcome<CordonState>> SetCordonAsync(string node, bool cordon, string? reason) =>
        AuditedAsync(cordon ? "cordon" : "uncordon", $"node {node}", () => CordonAsync(node, cordon, reason));

    private async Task<PortalOutcome<CordonState>> CordonAsync(string node, bool cordon, string? reason)
    {
        if (!await MayAsync(Policies.Operate))
        {
            return PortalOutcome<CordonState>.Forbidden("Only an operator or admin may cordon or uncordon a node.");
        }

        if (!NodeId.IsValid(node))
        {
            return PortalOutcome<CordonState>.Invalid(new Dictionary<string, string[]> { ["node"] = [NodeId.Describe(node)] });
        }

        if (CordonReason.Problem(reason) is { } problem)
        {
            return PortalOutcome<CordonState>.Invalid(new Dictionary<string, string[]> { ["reason"] = [problem] });
        }

        var by = (await UserAsync()).Identity?.Name ?? "unknown";
        return await grains.GetGrain<INodeGrain>(node).SetCordonAsync(new CordonChange { Cordon = cordon, Reason = reason!.Trim(), By = by }) is { } state
            ? PortalOutcome<CordonState>.Done(state)
            : PortalOutcome<CordonState>.Missing($"No node '{node}' has ever reported.");
    }

    /// <summary>
    /// The spec's field errors (name included), as <c>PUT /api/v1/deployments/{name}</c> would answer them, and a pool
    /// that holds no node (the API plans it and answers every node's PoolFilter rejection instead).
    /// </summary>
    public async Task<Dictionary<string, string[]>> ProblemsAsync(string? name, DeploymentSpec spec)
    {
        var largest = await planner.LargestNodeGpusAsync();
        var problems = name is null ? DeploymentSpecChecks.Problems(spec, largest) : DeploymentSpecChecks.Problems(name, spec, largest);
        if (!problems.ContainsKey("pool") && await PoolCheck.ProblemAsync(grains, spec.Pool) is { } pool)
        {
            problems["pool"] = [pool];
        }

        return problems;
    }

    /// <summary>The pairs and the warm spares Create would place, planned as Create plans them; reserves nothing.</summary>
    public async Task<PortalOutcome<PlanPreview>> PlanAsync(DeploymentSpec spec)
    {
        if (!await MayAsync(Policies.Read))
        {
            return PortalOutcome<PlanPreview>.Refused("Sign in to plan.");
        }

        var errors = await ProblemsAsync(null, spec);
        if (errors.Count > 0)
        {
            return PortalOutcome<PlanPreview>.Invalid(errors);
        }

        if (spec.Spares > 0 && await planner.PlanAsync(spec with { Pairs = spec.Pairs + spec.Spares }) is { Complete: true } together)
        {
            return PortalOutcome<PlanPreview>.Done(PlanPreview.Together(together, spec.Pairs, spec.Spares));
        }

        return PortalOutcome<PlanPreview>.Done(new PlanPreview(await planner.PlanAsync(spec), [], spec.Spares));
    }

    public Task<PortalOutcome<DeploymentView>> PutDeploymentAsync(string name, DeploymentSpec spec) =>
        AuditedAsync("put-deployment", $"deployment {name}", () => PutAsync(name, spec));

    private async Task<PortalOutcome<DeploymentView>> PutAsync(string name, DeploymentSpec spec)
    {
        if (!await MayAsync(Policies.Operate))
        {
            return PortalOutcome<DeploymentView>.Forbidden("Only an operator or admin may create or change a deployment.");
        }

        var errors = await ProblemsAsync(name, spec);
        if (errors.Count > 0)
        {
            return PortalOutcome<DeploymentView>.Invalid(errors);
        }

        PutOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IModelDeploymentGrain>(name).PutAsync(spec);
        }
        catch (InvalidInputException invalid)
        {
            // The grain saw what the form could not (a node that left since): its errors go under their fields too.
            return PortalOutcome<DeploymentView>.Invalid(invalid.Errors);
        }

        if (outcome.Refused is { } refused)
        {
            return PortalOutcome<DeploymentView>.Refused($"{refused}: {outcome.Detail}") with { Rejections = outcome.Rejections };
        }

        return PortalOutcome<DeploymentView>.Done(outcome.View!);
    }

    public Task<PortalOutcome<DeleteOutcome>> DeleteDeploymentAsync(string name) =>
        AuditedAsync("delete-deployment", $"deployment {name}", () => DeleteAsync(name));

    private async Task<PortalOutcome<DeleteOutcome>> DeleteAsync(string name)
    {
        if (!await MayAsync(Policies.Operate))
        {
            return PortalOutcome<DeleteOutcome>.Forbidden("Only an operator or admin may delete a deployment.");
        }

        if (DeploymentNameProblem(name) is { } problem)
        {
            return PortalOutcome<DeleteOutcome>.Invalid(new Dictionary<string, string[]> { ["name"] = [problem] });
        }

        return PortalOutcome<DeleteOutcome>.Done(await grains.GetGrain<IModelDeploymentGrain>(name).DeleteAsync());
    }

    /// <summary>Replaces one pair now, as <c>POST /api/v1/deployments/{name}/pairs/{pair}:failover</c> does; answers the incident's id.</summary>
    public Task<PortalOutcome<string>> FailoverPairAsync(string name, int pair) =>
        AuditedAsync("failover", $"deployment {name} pair {pair}", () => FailoverAsync(name, pair));

    private async Task<PortalOutcome<string>> FailoverAsync(string name, int pair)
    {
        if (!await MayAsync(Policies.Operate))
        {
            return PortalOutcome<string>.Forbidden("Only an operator or admin may fail a pair over.");
        }

        if (DeploymentNameProblem(name) is { } problem)
        {
            return PortalOutcome<string>.Invalid(new Dictionary<string, string[]> { ["name"] = [problem] });
        }

        if (await grains.GetGrain<IModelDeploymentGrain>(name).GetAsync() is not { } view)
        {
            return PortalOutcome<string>.Missing($"No deployment '{name}'.");
        }

        if (view.Pairs.FirstOrDefault(p => p.Index == pair) is not { } target)
        {
            return PortalOutcome<string>.Missing($"'{name}' has no pair {pair} (it has {view.Pairs.Length}).");
        }

        var signal = SignalsApi.ManualFailover(name, target, IncidentsApi.Who(await UserAsync()), reason: null);
        return await grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal) is { } incident
            ? PortalOutcome<string>.Done(incident)
            : PortalOutcome<string>.Refused($"The failover opened no incident: pair {pair} of '{name}' holds nothing to replace.");
    }

    public Task<PortalOutcome<IncidentView>> AcknowledgeIncidentAsync(string id) =>
        AuditedAsync("ack-incident", $"incident {id}", () => AcknowledgeAsync(id));

    private async Task<PortalOutcome<IncidentView>> AcknowledgeAsync(string id)
    {
        if (await IncidentProblemAsync(id, "acknowledge") is { } refused)
        {
            return refused;
        }

        return await grains.GetGrain<IIncidentGrain>(id).AcknowledgeAsync(IncidentsApi.Who(await UserAsync())) is { } view
            ? PortalOutcome<IncidentView>.Done(view)
            : UnknownIncident(id);
    }

    /// <summary>Closes the incident with an optional note (the API's rule: at most <see cref="CordonReason.MaxLength"/> characters).</summary>
    public Task<PortalOutcome<IncidentView>> ResolveIncidentAsync(string id, string? note) =>
        AuditedAsync("resolve-incident", $"incident {id}", () => ResolveAsync(id, note));

    private async Task<PortalOutcome<IncidentView>> ResolveAsync(string id, string? note)
    {
        if (await IncidentProblemAsync(id, "resolve") is { } refused)
        {
            return refused;
        }

        if (note is { Length: > CordonReason.MaxLength })
        {
            return PortalOutcome<IncidentView>.Invalid(new Dictionary<string, string[]> { ["note"] = [$"is at most {CordonReason.MaxLength} characters"] });
        }

        return await grains.GetGrain<IIncidentGrain>(id).ResolveAsync(IncidentsApi.Who(await UserAsync()), note?.Trim()) is { } view
            ? PortalOutcome<IncidentView>.Done(view)
            : UnknownIncident(id);
    }

    /// <summary>The role, the id's shape and the incident's existence, checked in the API's order; null when all hold.</summary>
    private async Task<PortalOutcome<IncidentView>?> IncidentProblemAsync(string id, string verb)
    {
        if (!await MayAsync(Policies.Operate))
        {
            return PortalOutcome<IncidentView>.Forbidden($"Only an operator or admin may {verb} an incident.");
        }

        if (!IncidentIds.IsValid(id))
        {
            return PortalOutcome<IncidentView>.Invalid(new Dictionary<string, string[]> { ["id"] = [IncidentIds.Describe(id)] });
        }

        return await grains.GetGrain<IIncidentGrain>(id).GetAsync() is null ? UnknownIncident(id) : null;
    }

    private static PortalOutcome<IncidentView> UnknownIncident(string id) => PortalOutcome<IncidentView>.Missing($"No incident '{id}'.");

    /// <summary>Runs the action, then records its outcome (an action that threw is recorded as a 500 and still throws).</summary>
    private async Task<PortalOutcome<T>> AuditedAsync<T>(string action, string target, Func<Task<PortalOutcome<T>>> act)
    {
        PortalOutcome<T> outcome;
        try
        {
            outcome = await act();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await audit.RecordAsync(await UserAsync(), action, target, StatusCodes.Status500InternalServerError, AuditTrail.Portal, e.Message);
            throw;
        }

        await audit.RecordAsync(await UserAsync(), action, target, outcome.Status, AuditTrail.Portal, outcome.Error);
        return outcome;
    }

    private static string? DeploymentNameProblem(string name) => RenderPreflight.NameProblem(name);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
