using System.Globalization;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// An NCCL timeout as reported by an engine or sidecar, turned into a failure signal: the straggler is the rank whose last
/// completed collective is the furthest behind (then the least enqueued); when every rank is level nobody stalled alone
/// and the pair itself is blamed.
/// </summary>
public static class TimeoutSignals
{
    public static FailureSignal From(string deployment, PairView pair, NcclTimeoutSignal timeout, string actor)
    {
        var ranks = timeout.Ranks.OrderBy(r => r.LastCompleted).ThenBy(r => r.LastEnqueued).ToArray();
        var straggler = ranks.Length > 1 && (ranks[0].LastCompleted, ranks[0].LastEnqueued) != (ranks[1].LastCompleted, ranks[1].LastEnqueued) ? ranks[0] : null;
        var blame = straggler is null ? [] : PairBlame.ForRank(pair, straggler.Rank, straggler.Role);
        var op = timeout.Op ?? "a collective";
        var after = timeout.TimeoutMs is { } ms ? string.Create(CultureInfo.InvariantCulture, $" after {ms} ms") : "";
        return new FailureSignal
        {
            Kind = IncidentKind.NcclTimeout,
            Reason = straggler is null
                ? $"{op} of pair {pair.Index} timed out{after}; every rank is level (no straggler)"
                : $"{op} of pair {pair.Index} timed out{after}; rank {straggler.Rank} is behind (completed {straggler.LastCompleted}, others {ranks[^1].LastCompleted})",
            Blame = blame.Length > 0 ? blame : [PairBlame.Pair(pair)],
            Pairs = [new PairRef { Deployment = deployment, Pair = pair.Index, Revision = pair.Revision }],
            Evidence =
            [
                .. timeout.Ranks.OrderBy(r => r.Rank).Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"rank {r.Rank}{(r.Role is { } role ? $" ({role})" : "")}: last enqueued {r.LastEnqueued}, last completed {r.LastCompleted}{(r == straggler ? " <- straggler" : "")}")),
                .. timeout.Evidence.Take(50),
            ],
            Actor = actor,
        };
    }
}
