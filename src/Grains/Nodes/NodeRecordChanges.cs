using ControlPlane.Health;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Nodes;

/// <summary>The node record's next states, computed before the node grain commits them: pure, one per kind of change.</summary>
internal static class NodeRecordChanges
{
    /// <summary>
    /// The record an activation starts from. Telemetry-only reports accepted after the last write may be gone with a
    /// crashed silo, none above the ceiling; a record stored before ceilings existed gets the headroom a ceiling would
    /// have given it. Allocations come from their own record when it exists.
    /// </summary>
    public static NodeRecord Restored(NodeRecord s, NodeAllocations? allocations, long headroom)
    {
        var floor = s.SequenceCeiling ?? (s.Report is null ? s.Sequence : s.Sequence + headroom);
        if (floor > s.Sequence)
        {
            s = s with { Sequence = floor, SequenceCeiling = floor };
        }

        return allocations is null ? s : s with
        {
            Allocations = allocations.Allocations,
            CapacityVersion = Math.Max(s.CapacityVersion, allocations.CapacityVersion),
        };
    }

    /// <summary>A cordon or uncordon, recorded in the node's history (the newest <paramref name="historyLimit"/> kept).</summary>
    public static NodeRecord Cordoned(NodeRecord s, CordonChange change, DateTimeOffset now, int historyLimit) => s with
    {
        Cordon = new CordonState { Cordoned = change.Cordon, Reason = change.Reason, By = change.By, At = now },
        CordonHistory = [.. s.CordonHistory.Append(new CordonRecord { Cordoned = change.Cordon, Reason = change.Reason, By = change.By, At = now }).TakeLast(historyLimit)],
        CapacityVersion = s.CapacityVersion + 1,
    };

    /// <summary>Forgets the last accepted sequence (the next report with any sequence is accepted), recording who and why.</summary>
    public static NodeRecord SequenceReset(NodeRecord s, SequenceReset reset, int historyLimit) => s with
    {
        Sequence = -1,
        SequenceCeiling = -1,
        SequenceResets = [.. s.SequenceResets.Append(reset).TakeLast(historyLimit)],
    };

    /// <summary>The node's readiness changed (its heartbeat was lost or came back): its health is classified again.</summary>
    public static NodeRecord WithReadiness(NodeRecord s, Readiness readiness) => s with
    {
        Readiness = readiness,
        CapacityVersion = s.CapacityVersion + 1,
        Health = NodeHealthClassifier.Classify(
            [.. s.Gpus.Select(g => (g.Index, g.Health))], [.. s.Nics.Select(n => (n.Port, n.Health))], readiness, s.Report?.Notes.Length > 0),
    };

    /// <summary>A GPU or NIC port kept out of placement (replacing an earlier quarantine of the same component).</summary>
    public static NodeRecord Quarantined(NodeRecord s, Quarantine quarantine) => s with
    {
        Quarantined = [.. s.Quarantined.Where(q => q.Component != quarantine.Component), quarantine],
        CapacityVersion = s.CapacityVersion + 1,
    };

    /// <summary>A quarantine lifted: the component is placeable again (if healthy).</summary>
    public static NodeRecord Lifted(NodeRecord s, Quarantine lifted) => s with
    {
        Quarantined = [.. s.Quarantined.Where(q => q != lifted)],
        CapacityVersion = s.CapacityVersion + 1,
    };
}
