using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Health;
using ControlPlane.Wire.Health;
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
    private DateTimeOffset _lastWrite;
    private readonly PlacementViewCache _placement = new();

    private string? _node;

    private string Node => _node ??= this.GetPrimaryKeyString();

    private SummaryPublisher? _summaries;

    private SummaryPublisher Summaries => _summaries ??= new SummaryPublisher(GrainFactory, Node, _options, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State = NodeRecordChanges.Restored(state.State, allocationState.RecordExists ? allocationState.State : null, _options.SequenceHeadroom);
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

        await DeviceFanOut.TellAsync(GrainFactory, Node, current, next, now);
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
            next = QuarantineHysteresis.Apply(next with { CapacityVersion = next.CapacityVersion + 1 }, now, _options.ReadmitStableFor, lifted);
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

        Summaries.Publish(state.State, PlacementView, now, capacityChanged: factsChanged);
        if (lifted is not null)
        {
            QuarantineHysteresis.LogLifted(logger, Node, lifted, _options.ReadmitStableFor);
            NodeFaults.Tell(GrainFactory, NodeFaults.Detect(Node, current, state.State));
        }

        return new ProbeAck { Outcome = ProbeOutcome.Accepted, LastAcceptedSequence = report.Sequence, Health = next.Health.Status };
    }

    public Task<NodeView?> GetAsync() => Task.FromResult(NodeViews.Of(Node, state.State));

    public async Task<CordonState?> SetCordonAsync(CordonChange change)
    {
        InvalidInputException.ThrowIfAny("Invalid cordon", CordonReason.Problems(change));
        if (state.State.Report is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var next = NodeRecordChanges.Cordoned(state.State, change, now, _options.CordonHistoryLimit);
        await CommitAsync(next, now, change.Cordon ? "the cordon" : "the uncordon");
        Summaries.Publish(state.State, PlacementView, now, capacityChanged: true);
        return next.Cordon;
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

        await CommitAsync(NodeRecordChanges.SequenceReset(state.State, reset, _options.CordonHistoryLimit), now, "the sequence reset");
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

        await CommitAsync(NodeRecordChanges.WithReadiness(s, readiness), now, $"readiness {readiness}");
        Summaries.Publish(state.State, PlacementView, now, capacityChanged: true);
        if (NodeFaults.Lost(Node, s, state.State) is { } lost)
        {
            NodeFaults.Tell(GrainFactory, [lost]);
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
        if (existing is null || (existing.Incident != quarantine.Incident && quarantine.Incident is not null) || existing.LiftWhenStable != quarantine.LiftWhenStable)
        {
            await CommitAsync(NodeRecordChanges.Quarantined(state.State, quarantine with { At = clock.GetUtcNow() }), clock.GetUtcNow(), $"the quarantine of {quarantine.Component}");
            Summaries.Publish(state.State, PlacementView, clock.GetUtcNow(), capacityChanged: true);
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

        await CommitAsync(NodeRecordChanges.Lifted(state.State, existing), clock.GetUtcNow(), $"lifting the quarantine of {component}");
        logger.LogInformation("Node {Node}: quarantine of {Component} lifted by {By}", Node, component, by);
        Summaries.Publish(state.State, PlacementView, clock.GetUtcNow(), capacityChanged: true);
        return true;
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
        if (Summaries.Pool is { } pool && pool == state.State.Report?.Pool)
        {
            // Who holds a GPU is no fact of the summary: only the capacity view travels.
            GrainFactory.Grain<IFleetGrain>(pool).UpsertCapacityAsync(PlacementView()!).Ignore();
        }
        else
        {
            Summaries.Publish(state.State, PlacementView, now, capacityChanged: true);
        }
    }

    private PlacementNode? PlacementView() => _placement.For(state.State);
}
