using System.Security.Claims;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Audit;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Ingestion;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis;

internal static class NodesApi
{
    private const string Listing = "nodes";

    public static IEndpointRouteBuilder MapNodesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/nodes").WithTags("Nodes");
        api.MapGet("/", ListNodes).WithName("ListNodes").WithSummary("Nodes with health, a page at a time (?limit=&continue=).").RequireAuthorization(Policies.Read);
        api.MapGet("/{node}", GetNode).WithName("GetNode").WithSummary("One node: topology matrix, GPUs, NICs, health with reasons, versions, last seen.").RequireAuthorization(Policies.Read);
        api.MapPut("/{node}/probe", PutProbe).WithName("PutProbe").WithSummary("An agent's probe report for its own node.")
            .Accepts<ProbeReport>("application/json").RequireAuthorization(Policies.ReportProbes);
        api.MapPost("/{node}/cordon", Cordon).WithName("CordonNode").WithSummary("Stop placing on the node (reason required, recorded).").RequireAuthorization(Policies.Operate).Audited("cordon", "node {node}");
        api.MapPost("/{node}/uncordon", Uncordon).WithName("UncordonNode").WithSummary("Allow placing on the node again (reason required, recorded).").RequireAuthorization(Policies.Operate).Audited("uncordon", "node {node}");
        api.MapPost("/{node}/token", IssueToken).WithName("IssueAgentToken").WithSummary("Issue the node's agent token (shown once; the previous one stops working).").RequireAuthorization(Policies.Administer).Audited("issue-token", "node {node}");
        api.MapPost("/{node}/sequence:reset", ResetSequence).WithName("ResetNodeSequence")
            .WithSummary("Forget the node's last accepted sequence: its next report with any sequence ≥ 0 is accepted (reason optional, recorded).").RequireAuthorization(Policies.Administer).Audited("reset-sequence", "node {node}");
        return routes;
    }

    public static async Task<Results<Ok<Page<NodeSummary>>, ValidationProblem>> ListNodes(IGrainFactory grains, [AsParameters] PageQuery query)
    {
        if (!query.TryRead(Listing, keys: 2, k => NodeId.IsValid(k[1]), out var request, out var problem))
        {
            return problem;
        }

        var (fromPool, afterNode) = request.FromStart ? ("", "") : (request.After[0], request.After[1]);
        var pools = await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var items = new List<NodeSummary>(request.Limit);
        string? next = null;
        foreach (var pool in pools.Where(p => string.CompareOrdinal(p, fromPool) >= 0))
        {
            var after = pool == fromPool && afterNode.Length > 0 ? afterNode : null;
            var page = await grains.GetGrain<IFleetGrain>(pool).ListAsync(after, request.Limit - items.Count);
            items.AddRange(page.Items);
            if (items.Count >= request.Limit)
            {
                var moreHere = page.Continue is not null;
                var laterPools = pools.Any(p => string.CompareOrdinal(p, pool) > 0);
                next = moreHere || laterPools ? ContinueToken.Encode(Listing, pool, items[^1].Node) : null;
                break;
            }
        }

        return TypedResults.Ok(new Page<NodeSummary>([.. items], next));
    }

    public static async Task<Results<Ok<NodeView>, NotFoundProblem, ValidationProblem>> GetNode(string node, IGrainFactory grains)
    {
        if (!NodeId.IsValid(node))
        {
            return InvalidNode(node);
        }

        return await grains.GetGrain<INodeGrain>(node).GetAsync() is { } view
            ? TypedResults.Ok(view)
            : UnknownNode(node);
    }

    public static async Task<Results<Ok<ProbeAck>, ValidationProblem, BodyProblem, ForbiddenProblem, ConflictProblem, UnavailableProblem>> PutProbe(string node, HttpRequest request, ClaimsPrincipal user, ProbeIngestion ingestion, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        if (!NodeId.IsValid(node))
        {
            return InvalidNode(node);
        }

        if (AgentPrincipal.NodeOf(user) is { } owner && owner != node)
        {
            return new ForbiddenProblem($"This agent token belongs to node '{owner}', not '{node}'.");
        }

        var previous = ingestion.Previous(node);
        var (report, problem) = await BoundedJsonBody.ReadAsync(request, options.Value.MaxProbeBytes, body => ProbeBodyReader.TryRead(body, previous), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await ingestion.IngestAsync(node, report!);
        if (result.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid probe report");
        }

        if (result.NotStored is { } notStored)
        {
            return new UnavailableProblem("Report not stored", notStored);
        }

        var ack = result.Ack!;
        if (ack is { Outcome: ProbeOutcome.GpuConflict, GpuConflicts: { } conflicts })
        {
            return GpuConflictProblem.For(node, conflicts);
        }

        if (ack.Outcome == ProbeOutcome.Stale)
        {
            return new ConflictProblem("Stale report", $"Sequence {report!.Sequence} is older than the last accepted {ack.LastAcceptedSequence}.",
                new Dictionary<string, object?> { ["lastAcceptedSequence"] = ack.LastAcceptedSequence });
        }

        return TypedResults.Ok(ack);
    }

    public static Task<Results<Ok<CordonState>, NotFoundProblem, ValidationProblem>> Cordon(string node, CordonBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        SetCordon(node, cordon: true, body, user, grains);

    public static Task<Results<Ok<CordonState>, NotFoundProblem, ValidationProblem>> Uncordon(string node, CordonBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        SetCordon(node, cordon: false, body, user, grains);

    public static async Task<Results<Created<IssuedToken>, ValidationProblem>> IssueToken(string node, IGrainFactory grains, AgentTokenSigner signer, AgentTokenVerifier verifier)
    {
        if (!NodeId.IsValid(node))
        {
            return InvalidNode(node);
        }

        var token = signer.Issue(node);
        await grains.GetGrain<INodeGrain>(node).SetAgentTokenAsync(AgentToken.Sha256(token));
        verifier.Forget(node);
        return TypedResults.Created($"/api/v1/nodes/{node}", new IssuedToken(node, token));
    }

    public static async Task<Results<Ok<SequenceReset>, NotFoundProblem, ValidationProblem>> ResetSequence(
        string node, ReasonBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!NodeId.IsValid(node))
        {
            return InvalidNode(node);
        }

        if (body?.Reason is { Length: > CordonReason.MaxLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"is optional, at most {CordonReason.MaxLength} characters"] });
        }

        var reason = string.IsNullOrWhiteSpace(body?.Reason) ? null : body.Reason.Trim();
        return await grains.GetGrain<INodeGrain>(node).ResetSequenceAsync(user.Identity?.Name ?? "unknown", reason) is { } reset
            ? TypedResults.Ok(reset)
            : UnknownNode(node);
    }

    private static async Task<Results<Ok<CordonState>, NotFoundProblem, ValidationProblem>> SetCordon(
        string node, bool cordon, CordonBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!NodeId.IsValid(node))
        {
            return InvalidNode(node);
        }

        if (CordonReason.Problem(body.Reason) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [problem] });
        }

        var change = new CordonChange { Cordon = cordon, Reason = body.Reason!.Trim(), By = user.Identity?.Name ?? "unknown" };
        return await grains.GetGrain<INodeGrain>(node).SetCordonAsync(change) is { } state
            ? TypedResults.Ok(state)
            : UnknownNode(node);
    }

    public static ValidationProblem InvalidNode(string node) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["node"] = [NodeId.Describe(node)] });

    public static NotFoundProblem UnknownNode(string node) => new("Unknown node", $"No node '{node}' has ever reported.");
}

internal sealed record CordonBody(string? Reason);

internal sealed record IssuedToken(string Node, string Token);

/// <summary>An optional body: <c>{"reason": "..."}</c> or nothing at all.</summary>
internal sealed record ReasonBody(string? Reason);
