using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Nodes;

/// <summary>The node as the API and the portal read it: its last report with each device's verdict, holder and quarantine.</summary>
internal static class NodeViews
{
    public static NodeView? Of(string node, NodeRecord s)
    {
        if (s.Report is not { } report)
        {
            return null;
        }

        return new NodeView
        {
            Node = node,
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
                    Health = s.Nics.FirstOrDefault(v => v.Port == NicVerdict.KeyOf(n.Device, n.Port))?.Health ?? DeviceHealth.Unknown,
                    Quarantine = s.Quarantined.FirstOrDefault(q => q.Component == QuarantineKeys.Nic(n.Device, n.Port)),
                }),
            ],
        };
    }
}
