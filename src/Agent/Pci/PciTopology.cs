using System.Globalization;
using ControlPlane.Agent.Hosting;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Pci;

/// <summary>
/// PCI placement read from sysfs (<c>/sys/bus/pci/devices/&lt;bdf&gt;</c> links into <c>/sys/devices/pci…</c>),
/// and the <c>nvidia-smi topo -m</c> link kind it implies between two devices.
/// </summary>
internal sealed class PciTopology(HostPaths paths)
{
    public PciLocation? Locate(string busId)
    {
        var bdf = PciAddress.ToSysfs(busId);
        if (bdf is null)
        {
            return null;
        }

        var device = "/sys/bus/pci/devices/" + bdf;
        var target = paths.ResolveLink(device);
        if (target is null)
        {
            return null;
        }

        var segments = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var root = Array.FindIndex(segments, s => s.StartsWith("pci", StringComparison.Ordinal));
        var chain = root < 0 ? [bdf] : segments[root..];
        return new PciLocation(bdf, chain, ReadNuma(device), paths.ReadAttribute(device + "/local_cpulist"));
    }

    /// <summary>
    /// The link kind between two distinct devices, as nvidia-smi names it: a common bridge with at most one
    /// bridge on each side is PIX, a deeper common bridge PXB, the same root complex PHB, different root
    /// complexes on one NUMA node NODE, otherwise SYS.
    /// </summary>
    public static LinkKind Between(PciLocation a, PciLocation b)
    {
        if (!string.Equals(a.RootComplex, b.RootComplex, StringComparison.Ordinal))
        {
            return a.NumaNode is { } na && na == b.NumaNode ? LinkKind.Node : LinkKind.Sys;
        }

        var common = 0;
        while (common < a.Chain.Count - 1 && common < b.Chain.Count - 1
            && string.Equals(a.Chain[common], b.Chain[common], StringComparison.Ordinal))
        {
            common++;
        }

        // common = number of shared chain entries; entry 0 is the root complex itself.
        if (common <= 1)
        {
            return LinkKind.Phb;
        }

        var bridgesBelowCommon = (a.Chain.Count - 1 - common) + (b.Chain.Count - 1 - common);
        return bridgesBelowCommon <= 2 ? LinkKind.Pix : LinkKind.Pxb;
    }

    private int? ReadNuma(string device)
    {
        var text = paths.ReadAttribute(device + "/numa_node");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var node) && node >= 0 ? node : null;
    }
}
