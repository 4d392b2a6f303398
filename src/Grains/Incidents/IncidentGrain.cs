using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nodes;
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
    private const string Actor = "failover";
    private IGrainTimer? retry;

    private string Id => this.GetPrimaryKeyString();

    public async Task ApplyAsync(IncidentDecision decision)
    {
        var s = state.State;
        var signal = decision.Signal;
        var now = decision.At;
        var view = s.View ?? new IncidentView
        {
            Id = Id, Kind = decision.Kind, State = IncidentState.Open, Title = signal.Reason, Blamed = decision.Blamed, Pool = signal.Pool, OpenedAt = now, UpdatedAt = now,
        };
        if (view.State is IncidentState.Resolved or IncidentState.Merged)
        {
            return;
        }

        var steps = new List<IncidentStep>
        {
            new() { At = now, Step = "signal", Detail = $"{KindName(signal.Kind)}: {signal.Reason}", Evidence = signal.Evidence, Actor = signal.Actor, Pair = signal.Pairs.Length == 1 ? PairName(signal.Pairs[0]) : null },
        };
        if (decision.Escalation is { } escalation)
        {
            steps.Add(new IncidentStep { At = now, Step = "escalate", Detail = escalation, Actor = Actor });
            view = view with { Blamed = decision.Blamed, Title = $"{decision.Blamed} blamed across {view.Pairs.Length + signal.Pairs.Length} pairs" };
        }
        else if (s.View is null)
        {
            steps.Add(new IncidentStep { At = now, Step = "blame", Detail = $"blames {decision.Blamed}", Evidence = [.. signal.Blame.Select(b => $"candidate: {b}")], Actor = Actor });
        }

        if (decision.HoldReason is { } hold)
        {
            steps.Add(new IncidentStep { At = now, Step = "paused", Detail = hold, Actor = Actor });
        }

        var replace = signal.Replace && decision.HoldReason is null;
        var known = view.Pairs.Select(p => (p.Deployment, p.Pair, p.Revision)).ToHashSet();
        // Pairs automation does not replace are still listed (the incident is about them), as kept.
        AffectedPair[] added =
        [
            .. signal.Pairs.Where(p => !known.Contains((p.Deployment, p.Pair, p.Revision)))
                .Select(p => new AffectedPair { Deployment = p.Deployment, Pair = p.Pair, Revision = p.Revision, Unit = p.Unit, Progress = replace ? "pending" : "kept" }),
        ];
        view = view with
        {
            Pairs = [.. view.Pairs, .. added],
            Nodes = [.. view.Nodes.Union(signal.Blame.Where(b => b.Kind != ComponentKind.Pool).Select(b => b.Node)).Order(StringComparer.Ordinal)],
            Timeline = Append(view.Timeline, steps),
            UpdatedAt = now,
        };
        var next = s with { View = view, Acting = signal, Hold = decision.HoldReason ?? (signal.Replace ? null : "recorded for a person: nothing is quarantined or replaced automatically for this kind of signal") };
        next = next with { View = view with { State = Derive(next) } };
        await CommitAsync(next);
        if (decision.HoldReason is null && (added.Any(p => p.Progress == "pending") || (signal.Quarantine && decision.Blamed.Kind is ComponentKind.Gpu or ComponentKind.Nic or ComponentKind.Node)))
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

        var steps = new List<IncidentStep>();
        var quarantined = s.Quarantined;
        if (signal.Quarantine && QuarantineKey(view.Blamed) is { } key && !quarantined.Contains(key))
        {
            var step = await QuarantineAsync(view, signal);
            steps.Add(step);
            if (step.Step == "quarantine")
            {
                quarantined = [.. quarantined, key];
            }
        }

        var pairs = view.Pairs.ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair.Progress != "pending")
            {
                continue;
            }

            var outcome = await GrainFactory.GetGrain<IModelDeploymentGrain>(pair.Deployment).FailoverPairAsync(new FailoverRequest
            {
                Pair = pair.Pair, Unit = pair.Unit, Revision = pair.Revision, Incident = Id, Reason = view.Title, Blamed = view.Blamed.Kind is ComponentKind.Pool or ComponentKind.Pair ? null : view.Blamed,
            });
            var now = clock.GetUtcNow();
            (pairs[i], var entry) = outcome.Result switch
            {
                FailoverResult.Replaced => (pair with { Progress = outcome.AwaitsPods ? "replaced" : "recovered", Detail = outcome.Detail },
                    new IncidentStep { At = now, Step = "re-place", Detail = ReplaceDetail(outcome), Actor = Actor, Pair = pair.Id }),
                FailoverResult.AlreadyReplaced => (pair with { Progress = "replaced", Detail = outcome.Detail },
                    new IncidentStep { At = now, Step = "re-place", Detail = $"already replaced: {outcome.Detail}", Actor = Actor, Pair = pair.Id }),
                FailoverResult.NotAffected => (pair with { Progress = "gone", Detail = outcome.Detail },
                    new IncidentStep { At = now, Step = "not-affected", Detail = outcome.Detail, Actor = Actor, Pair = pair.Id }),
                FailoverResult.Unplaceable => (pair with { Progress = "unplaceable", Detail = outcome.Detail },
                    new IncidentStep { At = now, Step = "unplaceable", Detail = outcome.Detail + "; a person decides", Actor = Actor, Pair = pair.Id }),
                FailoverResult.NotFound => (pair with { Progress = "gone", Detail = outcome.Detail },
                    new IncidentStep { At = now, Step = "gone", Detail = outcome.Detail, Actor = Actor, Pair = pair.Id }),
                _ => (pair, new IncidentStep { At = now, Step = "retry", Detail = $"{outcome.Detail}; retried in {options.Value.RetryEvery.TotalSeconds:0.#}s", Actor = Actor, Pair = pair.Id }),
            };
            steps.Add(entry);
        }

        var next = s with { Quarantined = quarantined, View = view with { Pairs = [.. pairs], Timeline = Append(view.Timeline, steps), UpdatedAt = clock.GetUtcNow() } };
        next = next with { View = next.View! with { State = Derive(next) } };
        await CommitAsync(next);
        if (pairs.Any(p => p.Progress == "pending"))
        {
            retry ??= this.RegisterGrainTimer(_ => { retry?.Dispose(); retry = null; return ActAsync(); }, new GrainTimerCreationOptions(options.Value.RetryEvery, Timeout.InfiniteTimeSpan));
        }
        else
        {
            await StopActingAsync();
        }
    }

    public Task<IncidentView?> GetAsync() => Task.FromResult(state.State.View);

    /// <summary>A swapped-in spare says so itself (it runs already, nothing awaits its pods).</summary>
    private static string ReplaceDetail(FailoverOutcome outcome) =>
        outcome.SwappedIn is not null ? outcome.Detail
        : outcome.Detail + (outcome.AwaitsPods ? "; the old pair drains" : "; plan-only: nothing to run, the old pair's GPUs are released");

    public async Task PairProgressAsync(PairProgress progress)
    {
        if (state.State.View is not { } view)
        {
            return;
        }

        var pairs = view.Pairs.Select(p => p.Deployment == progress.Deployment && p.Pair == progress.Pair && p.Progress is "replaced" or "applied" && progress.Step is "applied" or "recovered"
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
            var step = new IncidentStep { At = clock.GetUtcNow(), Step = "acknowledged", Detail = $"acknowledged by {by}", Actor = by };
            await CommitAsync(state.State with { View = view with { AcknowledgedBy = by, Timeline = Append(view.Timeline, [step]), UpdatedAt = step.At } });
        }

        return state.State.View;
    }

    public async Task<IncidentView?> ResolveAsync(string by, string? note)
    {
        if (state.State.View is not { } view)
        {
            return null;
        }

        if (view.State == IncidentState.Resolved)
        {
            return view;
        }

        var steps = await LiftAsync(by, keepBroken: true);
        steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = "resolved", Detail = note is { Length: > 0 } ? $"resolved by {by}: {note}" : $"resolved by {by}", Actor = by });
        if (view.Kind == IncidentKind.Fabric)
        {
            GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.Key).ResumeAsync(by).Ignore();
            steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = "resumed", Detail = "automatic quarantine resumed", Actor = by });
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
        var steps = await LiftAsync(Actor, keepBroken: false);
        steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = "merged", Detail = $"folded into fabric incident {into}: a fabric-wide problem is suspected", Actor = Actor });
        await CommitAsync(state.State with { Quarantined = [], View = view with { State = IncidentState.Merged, MergedInto = into, Timeline = Append(view.Timeline, steps), UpdatedAt = clock.GetUtcNow() } });
        await StopActingAsync();
    }

    private async Task<IncidentStep> QuarantineAsync(IncidentView view, FailureSignal signal)
    {
        var now = clock.GetUtcNow();
        var blamed = view.Blamed;
        var node = GrainFactory.GetGrain<INodeGrain>(blamed.Node);
        if (blamed.Kind == ComponentKind.Node)
        {
            if (await node.GetAsync() is { Cordon.Cordoned: true } already)
            {
                return new IncidentStep { At = now, Step = "quarantine-skipped", Detail = $"{blamed.Node} is cordoned already ({already.Cordon.Reason})", Actor = Actor };
            }

            await node.SetCordonAsync(new CordonChange { Cordon = true, Reason = CordonReason.Clip($"incident {Id}: {view.Title}"), By = Actor });
            return new IncidentStep { At = now, Step = "quarantine", Detail = $"cordoned {blamed.Node}: nothing new is placed on it", Actor = Actor };
        }

        var component = blamed.Kind == ComponentKind.Gpu ? QuarantineKeys.Gpu(blamed.Gpu ?? -1) : QuarantineKeys.Nic(blamed.Nic ?? "", blamed.NicPort ?? 1);
        await node.QuarantineAsync(new Quarantine
        {
            Component = component, Reason = view.Title, Incident = Id, By = Actor, At = now, LiftWhenStable = signal.Kind == IncidentKind.Hardware,
        });
        return new IncidentStep
        {
            At = now, Step = "quarantine", Actor = Actor,
            Detail = $"{blamed} kept out of placement" + (signal.Kind == IncidentKind.Hardware ? $"; re-admitted once healthy for the configured time" : "; until a person resolves the incident"),
        };
    }

    /// <summary>
    /// Gives back what the incident kept out of placement; with <paramref name="keepBroken"/> (a person closing it) what is
    /// still broken stays (<see cref="StillBroken"/>), and the timeline says why and what a person does once it is repaired.
    /// </summary>
    private async Task<List<IncidentStep>> LiftAsync(string by, bool keepBroken)
    {
        var steps = new List<IncidentStep>();
        foreach (var key in state.State.Quarantined)
        {
            var bar = key.IndexOf('|', StringComparison.Ordinal);
            var (nodeName, component) = (key[..bar], key[(bar + 1)..]);
            var node = GrainFactory.GetGrain<INodeGrain>(nodeName);
            var view = await node.GetAsync();
            if (keepBroken && view is not null && StillBroken.Why(view, component) is { } broken)
            {
                if (component != "cordon")
                {
                    // Nobody is left to lift it: it comes back by itself once healthy for the configured time.
                    await node.QuarantineAsync(new Quarantine
                    {
                        Component = component, Reason = $"kept when incident {Id} closed: {broken}", Incident = Id, By = by, At = clock.GetUtcNow(), LiftWhenStable = true,
                    });
                }

                steps.Add(new IncidentStep
                {
                    At = clock.GetUtcNow(), Step = "kept", Actor = by,
                    Detail = component == "cordon"
                        ? $"{nodeName} stays cordoned: {broken}; uncordon it (POST /api/v1/nodes/{nodeName}/uncordon) once it is repaired"
                        : $"{component} of {nodeName} stays out of placement: {broken}; it comes back by itself once healthy for the configured time",
                });
                continue;
            }

            if (component == "cordon")
            {
                if (view is { Cordon.Cordoned: true } && view.Cordon.Reason?.StartsWith($"incident {Id}", StringComparison.Ordinal) == true)
                {
                    await node.SetCordonAsync(new CordonChange { Cordon = false, Reason = CordonReason.Clip($"incident {Id} closed by {by}"), By = by });
                    steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = "lifted", Detail = $"uncordoned {nodeName}", Actor = by });
                }
            }
            else if (await node.LiftQuarantineAsync(component, Id, by))
            {
                steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = "lifted", Detail = $"{component} of {nodeName} back in placement", Actor = by });
            }
        }

        return steps;
    }

    private Task StopActingAsync()
    {
        retry?.Dispose();
        retry = null;
        return Task.CompletedTask;
    }

    private static string? QuarantineKey(BlamedComponent blamed) => blamed.Kind switch
    {
        ComponentKind.Gpu => $"{blamed.Node}|{QuarantineKeys.Gpu(blamed.Gpu ?? -1)}",
        ComponentKind.Nic => $"{blamed.Node}|{QuarantineKeys.Nic(blamed.Nic ?? "", blamed.NicPort ?? 1)}",
        ComponentKind.Node => $"{blamed.Node}|cordon",
        _ => null,
    };

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
        return pairs.Any(p => p.Progress == "pending") ? IncidentState.Open
            : pairs.Any(p => p.Progress == "unplaceable") ? IncidentState.NeedsAttention
            : pairs.All(p => p.Progress is "recovered" or "gone") ? IncidentState.Recovered
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
        await state.CommitAsync(next, GrainContext, "the incident");
        LogChanged(Id, next.View!.State);
        await GrainFactory.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key).UpsertAsync(next.View with { Timeline = [] });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Incident {Id}: {State}")]
    private partial void LogChanged(string id, IncidentState state);
}
