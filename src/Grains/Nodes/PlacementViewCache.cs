using ControlPlane.Placement;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// The node's placement view, rebuilt from the report only when a fact under it changed (devices, topology, versions,
/// verdicts, quarantines, cordon, health, readiness). A reservation or release changes only who holds which GPU, so
/// it costs a new GPU list on the last view instead of the whole conversion (links, NIC affinity, dictionaries) that
/// every reservation used to pay twice. Records share unchanged parts (<see cref="ReportFacts.ShareUnchanged"/>,
/// <c>with</c>), so reference equality is the test.
/// </summary>
internal sealed class PlacementViewCache
{
    private NodeRecord? _basis;
    private PlacementNode? _view;

    public PlacementNode? For(NodeRecord record)
    {
        if (record.Report is null)
        {
            return null;
        }

        if (_view is null || _basis is null || !SameFacts(_basis, record))
        {
            _view = Build(record);
        }
        else if (!ReferenceEquals(_basis.Allocations, record.Allocations) || _basis.CapacityVersion != record.CapacityVersion)
        {
            _view = _view with { Gpus = WithAllocations(_view.Gpus, record.Allocations), Version = record.CapacityVersion };
        }

        _basis = record;
        return _view;
    }

    private static bool SameFacts(NodeRecord a, NodeRecord b)
    {
        var (x, y) = (a.Report!, b.Report!);
        return ReferenceEquals(x.Gpus, y.Gpus) && ReferenceEquals(x.Nics, y.Nics) && ReferenceEquals(x.Topology, y.Topology)
            && ReferenceEquals(x.Versions, y.Versions) && x.Node == y.Node && x.Pool == y.Pool && x.Rack == y.Rack
            && ReferenceEquals(a.Gpus, b.Gpus) && ReferenceEquals(a.Nics, b.Nics) && ReferenceEquals(a.Quarantined, b.Quarantined) && ReferenceEquals(a.Health, b.Health)
            && a.Readiness == b.Readiness && a.Cordon.Cordoned == b.Cordon.Cordoned;
    }

    private static PlacementGpu[] WithAllocations(PlacementGpu[] gpus, GpuAllocation[] allocations)
    {
        var next = new PlacementGpu[gpus.Length];
        for (var i = 0; i < gpus.Length; i++)
        {
            var holder = HolderOf(allocations, gpus[i].Index);
            next[i] = gpus[i].AllocatedTo == holder ? gpus[i] : gpus[i] with { AllocatedTo = holder };
        }

        return next;
    }

    private static string? HolderOf(GpuAllocation[] allocations, int index)
    {
        foreach (var a in allocations)
        {
            if (a.Index == index)
            {
                return a.Owner;
            }
        }

        return null;
    }

    private static PlacementNode Build(NodeRecord s) =>
        PlacementNodeFactory.From(
            s.Report!,
            s.Gpus.ToDictionary(g => g.Uuid, g => g.Health.Status),
            s.Allocations.ToDictionary(a => a.Index, a => a.Owner),
            s.Health.Status,
            s.Readiness,
            s.Cordon.Cordoned,
            s.CapacityVersion,
            KeptOut(s));

    /// <summary>Quarantined GPUs and NIC ports, and NIC ports still settling after coming back (<see cref="NicVerdict.SettlingUntil"/>).</summary>
    private static HashSet<string>? KeptOut(NodeRecord s)
    {
        // Verdicts are in the report's NIC order (ReportVerdicts).
        var nics = s.Report!.Nics;
        var settling = nics.Where((_, i) => i < s.Nics.Length && s.Nics[i].SettlingUntil is not null).Select(n => QuarantineKeys.Nic(n.Device, n.Port));
        var keys = s.Quarantined.Select(q => q.Component).Concat(settling).ToHashSet(StringComparer.Ordinal);
        return keys.Count == 0 ? null : keys;
    }
}
