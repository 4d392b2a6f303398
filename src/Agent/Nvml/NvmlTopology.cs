using System.Globalization;
using ControlPlane.Agent.Pci;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Nvml;

/// <summary>
/// The GPU-to-GPU cells of <c>nvidia-smi topo -m</c> from NVML facts: NV# counts the active NVLinks whose far
/// end is the peer GPU; GPUs wired to NVSwitches instead are NV(min of their switch links) when NVML says P2P over
/// NVLink works; anything else is the PCIe common ancestor level.
/// </summary>
internal static class NvmlTopology
{
    public sealed record GpuLinks(string PciBusId, IReadOnlyList<NvLinkState> NvLinks);

    public static string[][] Build(
        IReadOnlyList<GpuLinks> gpus,
        Func<int, int, NvmlTopologyLevel?> commonAncestor,
        Func<int, int, bool> nvLinkP2pOk)
    {
        var switchLinks = gpus.Select(g => g.NvLinks.Count(l => l.Active && !gpus.Any(p => PciAddress.SameDevice(p.PciBusId, l.RemotePciBusId)))).ToArray();
        var cells = new string[gpus.Count][];
        for (var i = 0; i < gpus.Count; i++)
        {
            cells[i] = new string[gpus.Count];
            for (var j = 0; j < gpus.Count; j++)
            {
                cells[i][j] = i == j ? "X" : Cell(gpus, i, j, switchLinks, commonAncestor, nvLinkP2pOk);
            }
        }

        return cells;
    }

    public static LinkKind FromLevel(NvmlTopologyLevel? level) => level switch
    {
        NvmlTopologyLevel.Internal or NvmlTopologyLevel.Single => LinkKind.Pix,
        NvmlTopologyLevel.Multiple => LinkKind.Pxb,
        NvmlTopologyLevel.HostBridge => LinkKind.Phb,
        NvmlTopologyLevel.Node => LinkKind.Node,
        _ => LinkKind.Sys,
    };

    private static string Cell(
        IReadOnlyList<GpuLinks> gpus, int i, int j, int[] switchLinks,
        Func<int, int, NvmlTopologyLevel?> commonAncestor, Func<int, int, bool> nvLinkP2pOk)
    {
        var direct = gpus[i].NvLinks.Count(l => l.Active && PciAddress.SameDevice(l.RemotePciBusId, gpus[j].PciBusId));
        if (direct > 0)
        {
            return "NV" + direct.ToString(CultureInfo.InvariantCulture);
        }

        var viaSwitch = Math.Min(switchLinks[i], switchLinks[j]);
        if (viaSwitch > 0 && nvLinkP2pOk(i, j))
        {
            return "NV" + viaSwitch.ToString(CultureInfo.InvariantCulture);
        }

        return new TopologyLink(FromLevel(commonAncestor(i, j))).ToString();
    }
}
