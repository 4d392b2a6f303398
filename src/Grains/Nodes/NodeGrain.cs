using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nics;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Health;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Probes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// The authority over one node. A report is classified here; only what changed travels on
/// (GPU/NIC grains on a verdict change, the fleet index on a summary change), so a steady node
/// costs one call per report. Facts are written before the report is acknowledged.
/// </summary>
[PreferLocalPlacement]
public sealed class NodeGrain(
    [PersistentState("node", StorageNames.Default)] IPersistentState<NodeRecord> state,
    [PersistentState("node-allocations", StorageNames.Default)] IPersistentState<NodeAllocations> allocationState,
    IOptions<HealthOptions> healthOptions,
    IOptions<NodeOptions> nodeOptions,
    TimeProvider clock,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    private readonly HealthOptions _health = healthOptions.Value;
    private readonly NodeOptions _options = nodeOptions.Value;
    private NodeSummary? _lastSummarySent;
    private DateTimeOffset _lastSummarySentAt;
    private DateTimeOffset _lastWrite;
    private string? _registeredPool;
    private readonly PlacementViewCache _placement = new();

    private string? _node;

    private string Node => _node ??= this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Telemetry-only reports accepted after the last write may be gone with a crashed silo; none of them above the
        // ceiling. A record stored before ceilings existed gets the headroom a ceiling would have given it.
        var floor = state.State.SequenceCeiling ?? (state.State.Report is null ? state.State.Sequence : state.State.Sequence + _options.SequenceHeadroom);
        if (floor > state.State.Sequence)
        {
            state.State = state.State with { Sequence = floor, SequenceCeiling = floor };
        }

        if (allocationState.RecordExists)
        {
            state.State = state.State with
            {
                Allocations = allocationState.State.Allocations,
                CapacityVersion = Math.Max(state.State.CapacityVersion, allocationState.State.CapacityVersion),
            };
        }

        _lastWrite = clock.GetUtcNow();
        this.RegisterGrainTimer(OnLivenessTickAsync, new GrainTimerCreationOptions(_health.HeartbeatInterval, _health.HeartbeatInterval));
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// A clean deactivation writes the exact last sequence (and the telemetry kept in memory), so the next activation
    /// takes the agent's next report without the 409 a crash costs. A failed write leaves the ceiling in force.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.Report is not null && s.SequenceCeiling != s.Sequence)
        {
            try
            {
                await CommitAsync(s with { SequenceCeiling = s.Sequence }, clock.GetUtcNow(), "the sequence at deactivation");
            }
            catch (StateNotStoredException e)
            {
                logger.LogInformation(e, "Node {Node} deactivates with its sequence ceiling {Ceiling} in force", Node, s.SequenceCeiling);
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<ProbeAck> ReportAsync(ProbeReport report)
    {
        var current = state.State;
        if (current.Report is not null && report.Sequence <= current.Sequence)
        {
            return new ProbeAck
            {
                Outcome = report.Sequence == current.Sequence ? ProbeOutcome.Duplicate : ProbeOutcome.Stale,
                LastAcceptedSequence = current.Sequence,
                Health = current.Health.Status,
            };
        }

        var now = clock.GetUtcNow();
        var factsChanged = !ReportFacts.Same(current.Report, report);
        report = ReportFacts.ShareUnchanged(current.Report, report);
        var (gpus, nics, health) = ReportVerdicts.Classify(report, current, now, _health, _options.ReadmitStableFor);
        if (await GpuClaims.RefusedAsync(GrainFactory, Node, current.Report, report, gpus, now) is { Length: > 0 } conflicts)
        {
            return new ProbeAck { Outcome = ProbeOutcome.GpuConflict, LastAcceptedSequence = current.Sequence, Health = current.Health.Status, GpuConflicts = conflicts };
        }

        var next = current with
        {
            Report = report,
            Sequence = report.Sequence,
            LastSeen = now,
            Readiness = Readiness.Ready,
            Gpus = gpus,
            Nics = nics,
            Health = health,
        };

        await TellDevicesWhatChangedAsync(current, next, now);
        if (current.Report is { } previous && previous.Pool != report.Pool)
        {
            // Awaited like the devices: a node must not stay listed and placeable in the pool it left.
            await GrainFactory.Grain<IFleetGrain>(previous.Pool).RemoveAsync(Node);
        }

        factsChanged = factsChanged || ReportVerdicts.Changed(current, next) || current.Readiness != Readiness.Ready;
        List<Quarantine>? lifted = null;
        if (factsChanged)
        {
            lifted = [];
            next = QuarantineHysteresis(next with { CapacityVersion = next.CapacityVersion + 1 }, now, lifted);
        }

        if (factsChanged || report.Sequence > (current.SequenceCeiling ?? -1) || now - _lastWrite >= _options.PersistTelemetryEvery)
        {
            await CommitAsync(next with { SequenceCeiling = CeilingAbove(report.Sequence) }, now, $"report {report.Sequence}");
        }
        else
        {
            // Telemetry only, under the written ceiling: the record stays in memory until the next periodic write.
            state.State = next;
        }

        PublishSummary(now, capacityChanged: factsChanged);
        if (lifted is not null)
        {
            LogLifted(lifted);
            Tell(NodeFaults.Detect(Node, current, state.State));
        }

        return new ProbeAck { Outcome = ProbeOutcome.Accepted, LastAcceptedSequence = report.Sequence, Health = next.Health.Status };
    }

    public Task<NodeView?> GetAsync()
    {
        var s = state.State;
        if (s.Report is not { } report)
        {
            return Task.FromResult<NodeView?>(null);
        }

        return Task.FromResult<NodeView?>(new NodeView
        {
            Node = Node,
            Pool = report.Pool,
            Rack = report.Rack,
            Health = s.Health,
            Readiness = s.Readiness,
            Cordon = s.Cordon,
            CordonHistory = s.CordonHistory,
            SequenceResets = s.SequenceResets,
            LastSeen = s.LastSeen,
            Sequence = s.Sequence,
            Versions = report.Versions,
            Topology = report.Topology,
            AgentVersion = report.AgentVersion,
            Source = report.Source,
            Notes = report.Notes,
            Gpus =
            [
                .. report.Gpus.Select(g => new GpuState
                {
                    Report = g,
                    Health = s.Gpus.FirstOrDefault(v => v.Uuid == g.Uuid)?.Health ?? DeviceHealth.Unknown,
                    HeldBy = s.Allocations.FirstOrDefault(a => a.Index == g.Index) is { } held ? GpuAllocations.Holder(held) : null,
                    Quarantine = s.Quarantined.FirstOrDefault(q => q.Component == QuarantineKeys.Gpu(g.Index)),
                }),
            ],
            Nics =
            [
                .. report.Nics.Select(n => new NicState
                {
                    Report = n,
                    Health = s.Nics.FirstOrDefault(v => v.Port == $"{n.Device}:{n.Port}")?.Health ?? DeviceHealth.Unknown,
                    Quarantine = s.Quarantined.FirstOrDefault(q => q.Component == QuarantineKeys.Nic(n.Device, n.Port)),
                }),
            ],
        });
    }

    public async Task<CordonState?> SetCordonAsync(CordonChange change)
    {
        InvalidInputException.ThrowIfAny("Invalid cordon", CordonReason.Problems(change));
        if (state.State.Report is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var cordon = new CordonState { Cordoned = change.Cordon, Reason = change.Reason, By = change.By, At = now };
        var entry = new CordonRecord { Cordoned = change.Cordon, Reason = change.Reason, By = change.By, At = now };
        await CommitAsync(
            state.State with
            {
                Cordon = cordon,
                CordonHistory = [.. state.State.CordonHistory.Append(entry).TakeLast(_options.CordonHistoryLimit)],
                CapacityVersion = state.State.CapacityVersion + 1,
            },
            now,
            change.Cordon ? "the cordon" : "the uncordon");
        PublishSummary(now, capacityChanged: true);
        return cordon;
    }

    public Task SetAgentTokenAsync(string tokenSha256) =>
        CommitAsync(state.State with { AgentTokenSha256 = tokenSha256 }, clock.GetUtcNow(), "the agent token");

    public Task<bool> VerifyAgentTokenAsync(string tokenSha256) =>
        Task.FromResult(state.State.AgentTokenSha256 is { } expected && AgentToken.HashesMatch(expected, tokenSha256));

    public Task CheckLivenessAsync() => OnLivenessTickAsync(CancellationToken.None);

    public async Task<SequenceReset?> ResetSequenceAsync(string by, string? reason)
    {
        if (state.State.Report is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var reset = new SequenceReset { PreviousSequence = state.State.Sequence, By = by, Reason = reason, At = now };
        logger.LogWarning("Sequence of node {Node} reset from {Sequence} by {By}: {Reason}", Node, reset.PreviousSequence, by, reason);

        await CommitAsync(
            state.State with
            {
                Sequence = -1,
                SequenceCeiling = -1,
                SequenceResets = [.. state.State.SequenceResets.Append(reset).TakeLast(_options.CordonHistoryLimit)],
            },
            now,
            "the sequence reset");
        return reset;
    }

    public Task<DateTimeOffset?> GetGpuLastReportedAsync(string uuid) =>
        Task.FromResult(state.State.Report?.Gpus.Any(g => g.Uuid == uuid) == true ? state.State.LastSeen : (DateTimeOffset?)null);

    private async Task OnLivenessTickAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.Report is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var readiness = LivenessPolicy.ReadinessAt(s.LastSeen, now, _health);
        if (readiness == s.Readiness)
        {
            return;
        }

        await CommitAsync(
            s with
            {
                Readiness = readiness,
                CapacityVersion = s.CapacityVersion + 1,
                Health = NodeHealthClassifier.Classify(
                    [.. s.Gpus.Select(g => (g.Index, g.Health))], [.. s.Nics.Select(n => (n.Port, n.Health))], readiness, s.Report.Notes.Length > 0),
            },
            now,
            $"readiness {readiness}");
        PublishSummary(now, capacityChanged: true);
        if (NodeFaults.Lost(Node, s, state.State) is { } lost)
        {
            Tell([lost]);
        }
    }

    public async Task<ReservationResult> ReserveAsync(GpuReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        InvalidInputException.ThrowIfAny("Invalid reservation", reservation.Problems());
        if (GpuAllocations.Refuse(state.State, reservation) is { } conflict)
        {
            return new ReservationResult { Reserved = false, Conflict = conflict, Node = PlacementView() };
        }

        var allocations = GpuAllocations.Reserve(state.State.Allocations, reservation, clock.GetUtcNow());
        if (!allocations.SequenceEqual(state.State.Allocations))
        {
            await ChangeAllocationsAsync(allocations, $"the reservation of {reservation.Owner}");
        }

        return new ReservationResult { Reserved = true, Node = PlacementView() };
    }

    public async Task ReleaseAsync(string owner)
    {
        var allocations = GpuAllocations.Release(state.State.Allocations, owner);
        if (allocations.Length != state.State.Allocations.Length)
        {
            await ChangeAllocationsAsync(allocations, $"the release of {owner}");
        }
    }

    public Task<PlacementNode?> GetPlacementAsync() => Task.FromResult(PlacementView());

    public async Task<PlacementNode?> QuarantineAsync(Quarantine quarantine)
    {
        if (state.State.Report is null)
        {
            return null;
        }

        var existing = state.State.Quarantined.FirstOrDefault(q => q.Component == quarantine.Component);
        if (existing is null || (existing.Incident != quarantine.Incident && quarantine.Incident is not null))
        {
            await CommitAsync(
                state.State with
                {
                    Quarantined = [.. state.State.Quarantined.Where(q => q.Component != quarantine.Component), quarantine with { At = clock.GetUtcNow() }],
                    CapacityVersion = state.State.CapacityVersion + 1,
                },
                clock.GetUtcNow(),
                $"the quarantine of {quarantine.Component}");
            PublishSummary(clock.GetUtcNow(), capacityChanged: true);
        }

        return PlacementView();
    }

    public async Task<bool> LiftQuarantineAsync(string component, string? incident, string by)
    {
        var existing = state.State.Quarantined.FirstOrDefault(q => q.Component == component && (incident is null || q.Incident == incident));
        if (existing is null)
        {
            return false;
        }

        await CommitAsync(
            state.State with
            {
                Quarantined = [.. state.State.Quarantined.Where(q => q != existing)],
                CapacityVersion = state.State.CapacityVersion + 1,
            },
            clock.GetUtcNow(),
            $"lifting the quarantine of {component}");
        logger.LogInformation("Node {Node}: quarantine of {Component} lifted by {By}", Node, component, by);
        PublishSummary(clock.GetUtcNow(), capacityChanged: true);
        return true;
    }

    /// <summary>
    /// A component quarantined for a hardware fault comes back by itself only once it has been healthy for
    /// <see cref="NodeOptions.ReadmitStableFor"/> without a relapse: a flapping NIC stays out. Part of the
    /// report's own commit, so a report is stored with its quarantine changes or not at all.
    /// </summary>
    private NodeRecord QuarantineHysteresis(NodeRecord s, DateTimeOffset now, List<Quarantine> lifted)
    {
        if (!s.Quarantined.Any(q => q.LiftWhenStable))
        {
            return s;
        }

        var kept = new List<Quarantine>();
        foreach (var q in s.Quarantined)
        {
            if (!q.LiftWhenStable)
            {
                kept.Add(q);
                continue;
            }

            var healthy = QuarantineHealth.IsHealthy(q.Component, s);
            var since = healthy ? q.HealthySince ?? now : (DateTimeOffset?)null;
            if (since is { } from && now - from >= _options.ReadmitStableFor)
            {
                lifted.Add(q);
            }
            else
            {
                kept.Add(q with { HealthySince = since });
            }
        }

        return lifted.Count > 0 || !kept.SequenceEqual(s.Quarantined)
            ? s with { Quarantined = [.. kept], CapacityVersion = s.CapacityVersion + (lifted.Count > 0 ? 1 : 0) }
            : s;
    }

    private void LogLifted(List<Quarantine> lifted)
    {
        foreach (var q in lifted)
        {
            logger.LogInformation("Node {Node}: {Component} healthy for {Stable}; quarantine by incident {Incident} lifted", Node, q.Component, _options.ReadmitStableFor, q.Incident);
        }
    }

    /// <summary>Proactive failover: the failover grain hears of every device that turned bad (one-way; the next change tells again).</summary>
    private void Tell(IReadOnlyList<FailureSignal> signals)
    {
        foreach (var signal in signals)
        {
            GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal).Ignore();
        }
    }

    private long CeilingAbove(long sequence) => Math.Min(sequence + _options.SequenceHeadroom, ProbeReportValidator.MaxSequence);

    /// <summary>Every change of the node record goes through here: computed, written, then current (<see cref="StateCommit"/>).</summary>
    private async Task CommitAsync(NodeRecord next, DateTimeOffset now, string what)
    {
        await state.CommitAsync(next, GrainContext, what);
        _lastWrite = now;
    }

    private async Task ChangeAllocationsAsync(GpuAllocation[] allocations, string what)
    {
        var now = clock.GetUtcNow();
        var next = state.State with { Allocations = allocations, CapacityVersion = state.State.CapacityVersion + 1 };
        await allocationState.CommitAsync(new NodeAllocations { Allocations = allocations, CapacityVersion = next.CapacityVersion }, GrainContext, what);
        state.State = next;
        if (_lastSummarySent is { } sent && sent.Pool == state.State.Report?.Pool)
        {
            // Who holds a GPU is no fact of the summary: only the capacity view travels.
            GrainFactory.Grain<IFleetGrain>(sent.Pool).UpsertCapacityAsync(PlacementView()!).Ignore();
        }
        else
        {
            PublishSummary(now, capacityChanged: true);
        }
    }

    private PlacementNode? PlacementView() => _placement.For(state.State);

    /// <summary>
    /// GPU and NIC grains hear about a device only when its verdict or place changes. Awaited before
    /// the report is stored: if one fails, the agent's retry sends the change again.
    /// </summary>
    private Task TellDevicesWhatChangedAsync(NodeRecord before, NodeRecord after, DateTimeOffset now)
    {
        var report = after.Report!;
        var previousGpus = before.Report?.Gpus ?? [];
        List<Task>? calls = null;
        for (var i = 0; i < report.Gpus.Length; i++)
        {
            var gpu = report.Gpus[i];
            var verdict = after.Gpus[i];
            var previousReport = i < previousGpus.Length && previousGpus[i].Uuid == gpu.Uuid ? previousGpus[i] : ReportFacts.GpuByUuid(previousGpus, gpu.Uuid);
            if (previousReport is null)
            {
                // New to the node: observed by its claim (GpuClaims).
                continue;
            }

            var previousVerdict = ReportVerdicts.Previous(before.Gpus, gpu.Uuid, i);
            if (previousVerdict is not null && previousReport.Index == gpu.Index && previousReport.PciBusId == gpu.PciBusId
                && (ReferenceEquals(previousVerdict, verdict) || previousVerdict.Health.SameVerdictAs(verdict.Health)))
            {
                continue;
            }

            (calls ??= []).Add(GrainFactory.Grain<IGpuGrain>(gpu.Uuid).ObserveAsync(new GpuObservation
            {
                Node = Node, Index = gpu.Index, Model = gpu.Model, PciBusId = gpu.PciBusId, Health = verdict.Health, At = now,
            }));
        }

        if (!(before.Report is { } previous && ReferenceEquals(previous.Nics, report.Nics) && ReferenceEquals(before.Nics, after.Nics)))
        {
            for (var i = 0; i < report.Nics.Length; i++)
            {
                var nic = report.Nics[i];
                var verdict = after.Nics[i];
                var previousVerdict = FindNicVerdict(before.Nics, verdict.Port);
                var previousReport = before.Report is null ? null : FindNic(before.Report.Nics, nic.Device, nic.Port);
                var unchanged = previousVerdict is not null && previousReport == nic && previousVerdict.Health.SameVerdictAs(verdict.Health);
                var firstSeenHealthy = previousVerdict is null && verdict.Health.Status == HealthStatus.Healthy;
                if (unchanged || firstSeenHealthy)
                {
                    continue;
                }

                (calls ??= []).Add(GrainFactory.Grain<INicGrain>(NicKey.Of(Node, nic.Device, nic.Port)).ObserveAsync(new NicObservation
                {
                    Report = nic, Health = verdict.Health, At = now, Before = previousVerdict?.Health,
                }));
            }
        }

        return calls is null ? Task.CompletedTask : Task.WhenAll(calls);
    }

    // Loops rather than Array.Find: a lambda capturing the loop variable allocates on every report, changed or not.
    private static NicVerdict? FindNicVerdict(NicVerdict[] verdicts, string port)
    {
        foreach (var v in verdicts)
        {
            if (v.Port == port)
            {
                return v;
            }
        }

        return null;
    }

    private static NicReport? FindNic(NicReport[] nics, string device, int port)
    {
        foreach (var n in nics)
        {
            if (n.Device == device && n.Port == port)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>
    /// Best effort (one-way): the fleet index is derived data. The summary goes on change, the
    /// placement view on a capacity change; both are refreshed periodically, so an index that lost
    /// them (a restarted fleet grain) is whole again within <see cref="NodeOptions.FleetRefreshEvery"/>.
    /// </summary>
    private void PublishSummary(DateTimeOffset now, bool capacityChanged)
    {
        if (state.State.Report is not { } report)
        {
            return;
        }

        // Every fact the summary holds is also a capacity fact: a steady report changes neither.
        var refresh = now - _lastSummarySentAt >= _options.FleetRefreshEvery;
        if (!capacityChanged && !refresh && _lastSummarySent is not null && _registeredPool == report.Pool)
        {
            return;
        }

        var summary = NodeSummaryFactory.From(Node, state.State, report);

        if (_registeredPool != summary.Pool)
        {
            RegisterPoolAsync(summary.Pool).Ignore();
        }

        var fleet = GrainFactory.Grain<IFleetGrain>(summary.Pool);
        if (!summary.SameFactsAs(_lastSummarySent) || refresh)
        {
            fleet.UpsertAsync(summary).Ignore();
        }

        if (capacityChanged || refresh || _lastSummarySent is null)
        {
            fleet.UpsertCapacityAsync(PlacementView()!).Ignore();
        }

        _lastSummarySent = summary;
        _lastSummarySentAt = now;
    }

    /// <summary>Until the directory confirms the pool, every report tries again: a pool never silently drops out of listings and placement.</summary>
    private async Task RegisterPoolAsync(string pool)
    {
        try
        {
            await GrainFactory.Grain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).RegisterAsync(pool);
            _registeredPool = pool;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Node {Node} could not register pool {Pool}; its next report tries again", Node, pool);
        }
    }
}
