using ControlPlane.Wire.Nodes;
using System.Security.Claims;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Grains.Incidents;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Audit;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

/// <summary>
/// Failure signals from outside (<c>POST /api/v1/signals/nccl-timeout</c>) and the operator's manual failover
/// (<c>POST /api/v1/deployments/{name}/pairs/{pair}:failover</c>); both answer 202 with the incident that took them.
/// </summary>
internal static class SignalsApi
{
    private const int MaxRanks = 4096;

    public static IEndpointRouteBuilder MapSignalsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/signals/nccl-timeout", NcclTimeout).WithTags("Incidents").WithName("SignalNcclTimeout")
            .WithSummary("An NCCL collective timed out: the straggler rank's GPU, NIC and node are blamed and the pair replaced. 202 with the incident id.")
            .Accepts<NcclTimeoutSignal>("application/json").RequireAuthorization(Policies.SendSignals);
        routes.MapPost("/api/v1/deployments/{name}/pairs/{pair:int}:failover", Failover).WithTags("Incidents").WithName("FailoverPair")
            .WithSummary("Replace one pair now (nothing is quarantined). 202 with the incident id.").RequireAuthorization(Policies.Operate).Audited("failover", "deployment {name} pair {pair}");
        return routes;
    }

    public static async Task<Results<Accepted<SignalAccepted>, BodyProblem, ValidationProblem, NotFoundProblem>> NcclTimeout(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (signal, problem) = await BoundedJsonBody.ReadAsync<NcclTimeoutSignal>(request, 256 * 1024, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (Problems(signal!) is { Count: > 0 } errors)
        {
            return BodyProblem.Invalid(errors, "Invalid NCCL timeout signal");
        }

        if (await grains.GetGrain<IModelDeploymentGrain>(signal!.Deployment).GetAsync() is not { } view)
        {
            return DeploymentsApi.Unknown(signal.Deployment);
        }

        if (view.Pairs.FirstOrDefault(p => p.Index == signal.Pair) is not { } pair)
        {
            return new NotFoundProblem("Unknown pair", $"'{signal.Deployment}' has no pair {signal.Pair} (it has {view.Pairs.Length}).");
        }

        if (RanksOutside(pair, signal.Ranks) is { Count: > 0 } outside)
        {
            return BodyProblem.Invalid(outside, "Ranks the pair does not have");
        }

        var actor = $"signal:{signal.Source ?? user.Identity?.Name ?? "unknown"}";
        var id = await grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(TimeoutSignals.From(signal.Deployment, pair, signal, actor));
        return Accepted(id!);
    }

    public static async Task<Results<Accepted<SignalAccepted>, ValidationProblem, NotFoundProblem, BodyProblem>> Failover(
        string name, int pair, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (DeploymentsApi.InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        string? reason = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await BoundedJsonBody.ReadAsync<FailoverBody>(request, 16 * 1024, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Reason is { Length: > CordonReason.MaxLength })
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"is at most {CordonReason.MaxLength} characters"] });
            }

            reason = body.Reason?.Trim();
        }

        if (await grains.GetGrain<IModelDeploymentGrain>(name).GetAsync() is not { } view)
        {
            return DeploymentsApi.Unknown(name);
        }

        if (view.Pairs.FirstOrDefault(p => p.Index == pair) is not { } target)
        {
            return new NotFoundProblem("Unknown pair", $"'{name}' has no pair {pair} (it has {view.Pairs.Length}).");
        }

        var id = await grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(ManualFailover(name, target, IncidentsApi.Who(user), reason));
        return Accepted(id!);
    }

    /// <summary>An operator's failover of one pair (nothing is quarantined): what this endpoint and the portal's button send.</summary>
    internal static FailureSignal ManualFailover(string deployment, PairView pair, string who, string? reason) => new()
    {
        Kind = IncidentKind.Manual,
        Reason = $"failover of pair {pair.Index} asked by {who}{(reason is { Length: > 0 } ? $": {reason}" : "")}",
        Blame = [PairBlame.Pair(pair)],
        Pairs = [new PairRef { Deployment = deployment, Pair = pair.Index, Revision = pair.Revision }],
        Actor = who,
        Quarantine = false,
    };

    private static Accepted<SignalAccepted> Accepted(string id) => TypedResults.Accepted($"/api/v1/incidents/{id}", new SignalAccepted(id));

    /// <summary>
    /// A rank the pair does not have would blame nothing and re-place the whole pair: it is a mistaken signal, not a
    /// straggler. Ranks count prefill first, then decode, unless a role says which replica.
    /// </summary>
    private static Dictionary<string, string[]> RanksOutside(PairView pair, RankProgress[] ranks)
    {
        var (prefill, decode) = (pair.Placement.Prefill.GpuIndices.Length, pair.Placement.Decode.GpuIndices.Length);
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < ranks.Length; i++)
        {
            if (PairBlame.ReplicaOf(pair.Placement, ranks[i].Rank, ranks[i].Role, out _) is null)
            {
                errors[$"ranks[{i}].rank"] = [ranks[i].Role is { } role
                    ? $"{role} of pair {pair.Index} has ranks 0..{(role == "prefill" ? prefill : decode) - 1}, not {ranks[i].Rank}"
                    : $"pair {pair.Index} has ranks 0..{prefill + decode - 1} (prefill 0..{prefill - 1}, decode {prefill}..{prefill + decode - 1}), not {ranks[i].Rank}"];
            }
        }

        return errors;
    }

    private static Dictionary<string, string[]> Problems(NcclTimeoutSignal signal)
    {
        var errors = new Dictionary<string, string[]>();
        if (DeploymentsApi.InvalidName(signal.Deployment ?? "") is not null)
        {
            errors["deployment"] = ["is required and must be a deployment name"];
        }

        if (signal.Pair < 0)
        {
            errors["pair"] = ["must be 0 or more"];
        }

        if (signal.Ranks is not { Length: > 0 and <= MaxRanks })
        {
            errors["ranks"] = [$"lists 1..{MaxRanks} ranks"];
        }
        else if (signal.Ranks.Any(r => r is null || r.Rank < 0 || r.LastCompleted < -1 || r.LastEnqueued < r.LastCompleted || r.Role is not (null or "prefill" or "decode")))
        {
            errors["ranks"] = ["each rank is 0 or more, lastEnqueued >= lastCompleted >= -1, role prefill, decode or absent"];
        }
        else if (signal.Ranks.Select(r => (r.Rank, r.Role)).Distinct().Count() != signal.Ranks.Length)
        {
            errors["ranks"] = ["names each rank once"];
        }

        if (signal.TimeoutMs is < 0)
        {
            errors["timeoutMs"] = ["must be 0 or more"];
        }

        if (signal.Evidence is { Length: > 200 } || signal.Evidence?.Any(e => e is null || e.Length > 4096) == true)
        {
            errors["evidence"] = ["at most 200 lines of at most 4096 characters"];
        }

        return errors;
    }
}

internal sealed record SignalAccepted(string Incident);

internal sealed record FailoverBody(string? Reason);
