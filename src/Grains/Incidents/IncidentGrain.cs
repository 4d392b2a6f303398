using System.Diagnostics;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Grains.Telemetry;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// One incident: it records every step on its timeline and acts on its own turn: quarantine the blamed component, then
/// replace each affected pair through its deployment. Work still pending (storage or a node unavailable) is retried by a
/// timer; an incident left Open by a lost silo is driven again by the incident directory's reminder. A deployment grain
/// rolls back a reservation it did not record, and a pair already past the blamed revision is not replaced twice.
/// </summary>
public sealed partial class IncidentGrain(
    [PersistentState("incident", StorageNames.Default)] IPersistentState<IncidentRecord> state,
    IOptions<FailoverOptions> options,
    TimeProvider clock,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain
{
    private const int TimelineLimit = 500;
    internal const string Actor = "failover";
    private IGrainTimer? retry;

    private string Id => this.GetPrimaryKeyString();

    private IncidentHolds Holds => new(GrainFactory, Id, Actor, clock);

    public async Task ApplyAsync(IncidentDecision decision)
    {
        using var span = GrainSpans.Start("incident.blame", ("controlplane.incident", Id), ("controlplane.incident.kind", decision.Kind.ToString()),
            ("controlplane.blamed", decision.Blamed.ToString()), ("controlplane.hold", decision.HoldReason));
        var s = state.State;
        var signal = decision.Signal;
        var now = decision.At;
        var view = s.View ?? new IncidentView
        {
            Id = Id, Kind = decision.Kind, State = IncidentState.Open, Title = signal.Reason, Blamed = decision.Blamed, Pool = signal.Pool, OpenedAt = now, UpdatedAt = now,
            TraceId = GrainSpans.CurrentTraceId,
        };
        if (view.State is IncidentState.Resolved or IncidentState.Merged)
        {
            return;
        }

        var steps = new List<IncidentStep>
        {
            new() { At = now, Step = IncidentSteps.Signal, Detail = $"{KindName(signal.Kind)}: {signal.Reason}", Evidence = signal.Evidence, Actor = signal.Actor, Pair = signal.Pairs.Length == 1 ? PairName(signal.Pairs[0]) : null },
        };
        if (decision.Escalation is { } escalation)
        {
            steps.Add(new IncidentStep { At = now, Step = IncidentSteps.Escalate, Detail = escalation, Actor = Actor });
            view = view with { Blamed = decision.Blamed, Title = $"{decision.Blamed} blamed across {view.Pairs.Length + signal.Pairs.Length} pairs" };
        }
        else if (s.View is null)
        {
            steps.Add(new IncidentStep { At = now, Step = IncidentSteps.Blame, Detail = $"blames {decision.Blamed}", Evidence = [.. signal.Blame.Select(b => $"candidate: {b}")], Actor = Actor });
        }

        if (decision.HoldReason is { } hold)
        {
            steps.Add(new IncidentStep { At = now, Step = IncidentSteps.Paused, Detail = hold, Actor = Actor });
        }

        var replace = signal.Replace && decision.HoldReason is null;
        var known = view.Pairs.Select(p => (p.Deployment, p.Pair, p.Revision)).ToHashSet();
        // Pairs automation does not replace are still listed (the incident is about them), as kept.
        AffectedPair[] added =
        [
            .. signal.Pairs.Where(p => !known.Contains((p.Deployment, p.Pair, p.Revision)))
                .Select(p => new AffectedPair { Deployment = p.Deployment, Pair = p.Pair, Revision = p.Revision, Unit = p.Unit, Progress = replace ? IncidentSteps.Pending : IncidentSteps.Kept }),
        ];
        view = view with
        {
            Pairs = [.. view.Pairs, .. added],
            Nodes = [.. view.Nodes.Union(signal.Blame.Where(b => b.Kind != ComponentKind.Pool).Select(b => b.Node)).Order(StringComparer.Ordinal)],
            Timeline = Append(view.Timeline, steps),
            UpdatedAt = now,
        };
        var next = s with { View = view, Trace = s.Trace ?? GrainSpans.CurrentParent, Acting = signal, Hold = decision.HoldReason ?? (signal.Replace ? null : "recorded for a person: nothing is quarantined or replaced automatically for this kind of signal") };
        next = next with { View = view with { State = Derive(next) } };
        await CommitAsync(next);
        if (decision.HoldReason is null && (added.Any(p => p.Progress == IncidentSteps.Pending) || (signal.Quarantine && decision.Blamed.Kind is ComponentKind.Gpu or ComponentKind.Nic or ComponentKind.Node)))
        {
            this.AsReference<IIncidentGrain>().ActAsync().Ignore();
        }
    }

    public async Task ActAsync()
    {
        var s = state.State;
        if (s.View is not { } view || s.Acting is not { } signal || s.Hold is not null || view.State is IncidentState.Resolved or IncidentState.Merged)
        {
            await StopActingAsync();
            return;
        }

        using var span = GrainSpans.Start("incident.act", Activity.Current is null ? s.Trace : null, ("controlplane.incident", Id));
        var steps = new List<IncidentStep>();
        var quarantined = s.Quarantined;
        if (signal.Quarantine && HeldComponent.Of(view.Blamed)?.ToString() is { } key && !quarantined.Contains(key))
        {
            using var quarantine = GrainSpans.Start("incident.quarantine", ("controlplane.incident", Id), ("controlplane.component", key));
            var step = await Holds.QuarantineAsync(view, signal);
            quarantine?.SetTag("controlplane.step", step.Step);
            steps.Add(step);
            if (step.Step == IncidentSteps.Quarantine)
            {
                quarantined = [.. quarantined, key];
            }
        }

        var pairs = view.Pairs.ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair.Progress != IncidentSteps.Pending)
            {
                continue;
            }

            using var replace = GrainSpans.Start("incident.replace", ("controlplane.incident", Id), ("controlplane.deployment", pair.Deployment), ("controlplane.pair", pair.Pair));
            var outcome = await GrainFactory.GetGrain<IModelDeploymentGrain>(pair.Deployment).FailoverPairAsync(new FailoverRequest
            {
                Pair = pair.Pair, Unit = pair.Unit, Revision = pair.Revision, Incident = Id, Reason = view.Title, Blamed = view.Blamed.Kind is ComponentKind.Pool or ComponentKind.Pair ? null : view.Blamed,
            });
            replace?.SetTag("controlplane.failover.result", outcome.Result.ToString());
            (pairs[i], var entries) = FailoverSteps.Of(pair, outcome, clock.GetUtcNow(), options.Value.RetryEvery);
            steps.AddRange(entries);
        }

        var next = s with { Quarantined = quarantined, View = view with { Pairs = [.. pairs], Timeline = Append(view.Timeline, steps), UpdatedAt = clock.GetUtcNow() } };
        next = next with { View = next.View! with { State = Derive(next) } };
        await CommitAsync(next);
        if (pairs.Any(p => p.Progress == IncidentSteps.Pending))
        {
            retry ??= this.RegisterGrainTimer(_ => { retry?.Dispose(); retry = null; return ActAsync(); }, new GrainTimerCreationOptions(options.Value.RetryEvery, Timeout.InfiniteTimeSpan));
        }
        else
        {
            await StopActingAsync();
        }
    }

    public Task<IncidentView?> GetAsync() => Task.FromResult(state.State.View);

    public async Task PairProgressAsync(PairProgress progress)
    {
        if (state.State.View is not { } view)
        {
            return;
        }

        var pairs = view.Pairs.Select(p => p.Deployment == progress.Deployment && p.Pair == progress.Pair && p.Progress is IncidentSteps.Replaced or IncidentSteps.Applied && progress.Step is IncidentSteps.Applied or IncidentSteps.Recovered
            ? p with { Progress = progress.Step, Detail = progress.Detail }
            : p).ToArray();
        var step = new IncidentStep { At = progress.At, Step = progress.Step, Detail = progress.Detail, Actor = $"deployment:{progress.Deployment}", Pair = PairUnit.QualifiedName(progress.Deployment, progress.Pair, null) };
        var next = state.State with { View = view with { Pairs = pairs, Timeline = Append(view.Timeline, [step]), UpdatedAt = progress.At } };
        await CommitAsync(next with { View = next.View! with { State = Derive(next) } });
    }

    public async Task<IncidentView?> AcknowledgeAsync(string by)
    {
        if (state.State.View is not { } view)
        {
            return null;
        }

        if (view.AcknowledgedBy is null)
        {
            var step = new IncidentStep { At = clock.GetUtcNow(), Step = IncidentSteps.Acknowledged, Detail = $"acknowledged by {by}", Actor = by };
            await CommitAsync(state.State with { View = view with { AcknowledgedBy = by, Timeline = Append(view.Timeline, [step]), UpdatedAt = step.At } });
        }

        return state.State.View;
    }

    public async Task<IncidentView?> ResolveAsync(string by, string? note)
    {
        // The API's rules, for callers that come straight to the grain.
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (note is { Length: > CordonReason.MaxLength })
        {
            errors["note"] = [$"is at most {CordonReason.MaxLength} characters"];
        }

        if (string.IsNullOrWhiteSpace(by) || by.Length > CordonReason.MaxByLength)
        {
            errors["by"] = [$"is required, at most {CordonReason.MaxByLength} characters"];
        }

        InvalidInputException.ThrowIfAny("Invalid resolve", errors);
        if (state.State.View is not { } view)
        {
            return null;
        }

        if (view.State == IncidentState.Resolved)
        {
            return view;
        }

        var steps = await Holds.LiftAsync(state.State.Quarantined, by, keepBroken: true);
        steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = IncidentSteps.Resolved, Detail = note is { Length: > 0 } ? $"resolved by {by}: {note}" : $"resolved by {by}", Actor = by });
        if (view.Kind == IncidentKind.Fabric)
        {
            GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.Key).ResumeAsync(by).Ignore();
            steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = IncidentSteps.Resumed, Detail = "automatic quarantine resumed", Actor = by });
        }

        await CommitAsync(state.State with { Quarantined = [], Hold = null, View = view with { State = IncidentState.Resolved, Timeline = Append(view.Timeline, steps), UpdatedAt = clock.GetUtcNow() } });
        await StopActingAsync();
        return state.State.View;
    }

    public async Task MergeAsync(string into)
    {
        if (state.State.View is not { } view || view.State is IncidentState.Resolved or IncidentState.Merged)
        {
            return;
        }

        // Folded into a fabric incident: its automation is paused and a person decides; nothing stays held here.
        var steps = await Holds.LiftAsync(state.State.Quarantined, Actor, keepBroken: false);
        steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = IncidentSteps.Merged, Detail = $"folded into fabric incident {into}: a fabric-wide problem is suspected", Actor = Actor });
        await CommitAsync(state.State with { Quarantined = [], View = view with { State = IncidentState.Merged, MergedInto = into, Timeline = Append(view.Timeline, steps), UpdatedAt = clock.GetUtcNow() } });
        await StopActingAsync();
    }

    private Task StopActingAsync()
    {
        retry?.Dispose();
        retry = null;
        return Task.CompletedTask;
    }

    private static IncidentState Derive(IncidentRecord s)
    {
        var view = s.View!;
        if (view.State is IncidentState.Resolved or IncidentState.Merged)
        {
            return view.State;
        }

        if (view.Kind == IncidentKind.Fabric || s.Hold is not null)
        {
            return IncidentState.NeedsAttention;
        }

        var pairs = view.Pairs;
        return pairs.Any(p => p.Progress == IncidentSteps.Pending) ? IncidentState.Open
            : pairs.Any(p => p.Progress == IncidentSteps.Unplaceable) ? IncidentState.NeedsAttention
            : pairs.All(p => p.Progress is IncidentSteps.Recovered or IncidentSteps.Gone) ? IncidentState.Recovered
            : IncidentState.Mitigated;
    }

    private static IncidentStep[] Append(IncidentStep[] timeline, IReadOnlyCollection<IncidentStep> steps) =>
        steps.Count == 0 ? timeline : [.. timeline.Concat(steps).TakeLast(TimelineLimit)];

    private static string PairName(PairRef pair) => pair.Name;

    private static string KindName(IncidentKind kind) => kind switch
    {
        IncidentKind.NcclTimeout => "nccl-timeout",
        IncidentKind.WireMismatch => "wire-mismatch",
        IncidentKind.NodeLost => "node-lost",
        IncidentKind.PodFailed => "pod-failed",
        IncidentKind.ReservationConflict => "reservation-conflict",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Computes-then-commits, then tells the listing; a failed write leaves the incident as it was.</summary>
    private async Task CommitAsync(IncidentRecord next)
    {
        var before = state.State.View;
        await state.CommitAsync(next, GrainContext, "the incident");
        IncidentMetrics.Committed(before, next.View!, clock.GetUtcNow());
        LogChanged(Id, next.View!.State);
        await GrainFactory.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key).UpsertAsync(next.View with { Timeline = [] });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Incident {Id}: {State}")]
    private partial void LogChanged(string id, IncidentState state);
}
