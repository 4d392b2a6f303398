using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Grains.Telemetry;
using ControlPlane.Wire.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// Correlates every failure signal into one incident per root cause, spots storms, rate-limits quarantines. It decides and
/// records, then hands the decision to the incident grain, which acts (quarantine, re-place) on its own turn: this grain
/// never waits for a failover, so signals keep flowing while pairs are replaced in parallel.
/// </summary>
public sealed partial class FailoverGrain(
    [PersistentState("failover", StorageNames.Default)] IPersistentState<FailoverState> state,
    IOptions<FailoverOptions> options,
    TimeProvider clock,
    ILogger<FailoverGrain> logger) : Grain, IFailoverGrain
{
    private const int RecentLimit = 50_000;
    private readonly RecentBlames _recent = new();

    // Rate-limit memory: losing it with the activation only lets the next minute's quarantines through.
    private readonly List<DateTimeOffset> _quarantines = [];

    private FailoverOptions Options => options.Value;

    public async Task<string?> SignalAsync(FailureSignal signal)
    {
        using var span = GrainSpans.Start("failover.signal", ("controlplane.signal.kind", signal.Kind.ToString()), ("controlplane.pool", signal.Pool),
            ("controlplane.pairs", string.Join(",", signal.Pairs.Select(p => p.Name))));
        var id = await DecideAsync(signal);
        span?.SetTag("controlplane.incident", id);
        return id;
    }

    private async Task<string?> DecideAsync(FailureSignal signal)
    {
        var now = clock.GetUtcNow();
        var s = Prune(state.State, now);

        if (signal.Kind is IncidentKind.Hardware or IncidentKind.NodeLost && signal.Pool is { } pool && signal.Blame.Length > 0)
        {
            var node = signal.Blame[0].Node;
            s = s with { BadNodes = [.. s.BadNodes.Where(b => b.Node != node), new BadNode { Pool = pool, Node = node, At = now }] };
            if (s.PausedBy is null && await IsStormAsync(s, pool) is { } storm)
            {
                return await OpenFabricAsync(s, pool, storm, signal, now);
            }
        }

        var pairs = await AffectedAsync(signal);
        if (s.PausedBy is { } fabric)
        {
            await CommitAsync(s);
            await Incident(fabric).ApplyAsync(new IncidentDecision
            {
                Signal = signal, Blamed = signal.Blame[0], At = now, Kind = IncidentKind.Fabric,
                HoldReason = $"automation is paused by fabric incident {fabric}: recorded, nothing quarantined or replaced",
            });
            return fabric;
        }

        if (pairs.Length == 0)
        {
            await CommitAsync(s);
            return null;
        }

        signal = signal with { Pairs = pairs };
        var match = Correlation.Find(signal, _recent);
        string id;
        if (match is null)
        {
            s = s with { Counter = s.Counter + 1 };
            id = IncidentIds.New(now, s.Counter);
        }
        else
        {
            id = match.Incident;
        }

        var blamed = match?.Blamed ?? signal.Blame[0];
        string? hold = Options.Automatic ? null : "automatic failover is off (ControlPlane:Failover:Automatic=false)";
        var quarantines = _quarantines;
        if (hold is null && signal.Quarantine && blamed.Kind is ComponentKind.Gpu or ComponentKind.Nic or ComponentKind.Node)
        {
            if (quarantines.Count(q => now - q < TimeSpan.FromMinutes(1)) >= Options.MaxQuarantinesPerMinute)
            {
                hold = $"rate limit: {Options.MaxQuarantinesPerMinute} automatic quarantines in the last minute; a person decides";
            }
            else
            {
                _quarantines.Add(now);
            }
        }

        foreach (var b in signal.Blame.Where(b => b.Kind != ComponentKind.Pair).Append(blamed).DistinctBy(b => b.Key))
        {
            foreach (var p in pairs)
            {
                _recent.Add(new RecentBlame { Key = b.Key, Incident = id, Pair = Correlation.Key(p), At = now, Component = b, Pool = signal.Pool, Blamed = b.Key == blamed.Key });
            }
        }

        await CommitAsync(s);
        await Incident(id).ApplyAsync(new IncidentDecision
        {
            Signal = signal, Blamed = blamed, Escalation = match?.Escalation, At = now, Kind = signal.Kind, HoldReason = hold,
        });
        return id;
    }

    public async Task ResumeAsync(string by)
    {
        if (state.State.PausedBy is { } fabric)
        {
            LogResumed(fabric, by);
            await CommitAsync(state.State with { PausedBy = null, BadNodes = [] });
        }
    }

    public Task<string?> PausedByAsync() => Task.FromResult(state.State.PausedBy);

    /// <summary>The pairs that really touch the blamed component: a NIC fault only matters to pairs whose KV transfer crosses that NIC.</summary>
    private async Task<PairRef[]> AffectedAsync(FailureSignal signal)
    {
        if (signal.Pairs.Length == 0 || signal.Blame.Length == 0 || signal.Blame[0].Kind != ComponentKind.Nic)
        {
            return signal.Pairs;
        }

        var nic = signal.Blame[0];
        var kept = new List<PairRef>();
        foreach (var group in signal.Pairs.GroupBy(p => p.Deployment))
        {
            if (await GrainFactory.GetGrain<IModelDeploymentGrain>(group.Key).GetAsync() is not { } view)
            {
                continue;
            }

            kept.AddRange(group.Where(p => view.Pairs.Any(v => v.Index == p.Pair && v.Revision == p.Revision && PairBlame.Touches(v.Placement, nic))));
        }

        return [.. kept];
    }

    private async Task<string?> IsStormAsync(FailoverState s, string pool)
    {
        var bad = s.BadNodes.Where(b => b.Pool == pool).Select(b => b.Node).Distinct().ToArray();
        if (bad.Length < Options.StormMinNodes)
        {
            return null;
        }

        var size = await GrainFactory.GetGrain<IFleetGrain>(pool).CountAsync();
        return size > 0 && bad.Length > Options.StormShare * size
            ? $"{bad.Length} of {size} nodes of pool {pool} went bad within {Options.StormWindow.TotalMinutes:0.#} min (more than {Options.StormShare:P0}): {string.Join(", ", bad.Order(StringComparer.Ordinal))}"
            : null;
    }

    /// <summary>
    /// One fabric incident pauses automation; incidents this pool opened in the window fold into it and give their
    /// automatic quarantines back, so no quarantine decided on a partial picture stays in force.
    /// </summary>
    private async Task<string> OpenFabricAsync(FailoverState s, string pool, string why, FailureSignal signal, DateTimeOffset now)
    {
        s = s with { Counter = s.Counter + 1 };
        var id = IncidentIds.New(now, s.Counter);
        var folded = _recent.IncidentsOfPool(pool);
        _recent.ForgetPool(pool);
        await CommitAsync(s with { PausedBy = id });
        LogStorm(pool, id, why);
        await Incident(id).ApplyAsync(new IncidentDecision
        {
            Signal = signal with { Reason = why, Evidence = [.. signal.Evidence.Prepend(signal.Reason)] },
            Blamed = new BlamedComponent { Kind = ComponentKind.Pool, Node = pool },
            At = now, Kind = IncidentKind.Fabric,
            HoldReason = "fabric-wide: automatic quarantine paused until a person resolves this incident",
        });
        await Task.WhenAll(folded.Select(f => Incident(f).MergeAsync(id)));
        return id;
    }

    private FailoverState Prune(FailoverState s, DateTimeOffset now)
    {
        var correlate = now - Options.CorrelationWindow;
        var storm = now - Options.StormWindow;
        _recent.Prune(correlate, RecentLimit);
        _quarantines.RemoveAll(q => now - q >= TimeSpan.FromMinutes(1));
        return s with
        {
            BadNodes = [.. s.BadNodes.Where(b => b.At >= storm)],
        };
    }

    /// <summary>
    /// Writes only when the pause or the bad nodes changed: a stream of timeouts writes nothing here. The id counter rides
    /// along; after a restart it may repeat, but ids carry the second they were made in, so they do not.
    /// </summary>
    private async Task CommitAsync(FailoverState next)
    {
        var previous = state.State;
        if (next.PausedBy == previous.PausedBy && next.BadNodes.SequenceEqual(previous.BadNodes))
        {
            state.State = next;
            return;
        }

        await state.CommitAsync(next, GrainContext, "the failover pause and bad nodes");
    }

    private IIncidentGrain Incident(string id) => GrainFactory.GetGrain<IIncidentGrain>(id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fabric storm in pool {Pool}: incident {Incident} pauses automatic quarantine ({Why})")]
    private partial void LogStorm(string pool, string incident, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic failover resumed after fabric incident {Incident} by {By}")]
    private partial void LogResumed(string incident, string by);
}
