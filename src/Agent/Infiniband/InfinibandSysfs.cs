using System.Globalization;
using ControlPlane.Agent.Hosting;
using ControlPlane.Agent.Pci;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Infiniband;

/// <summary>
/// RDMA ports (InfiniBand and RoCE) from <c>/sys/class/infiniband/&lt;dev&gt;/ports/&lt;n&gt;/{state,phys_state,rate,link_layer}</c>,
/// the netdev behind each (<c>&lt;dev&gt;/device/net/*</c>) and the PCI function it sits on.
/// </summary>
internal sealed class InfinibandSysfs(HostPaths paths, PciTopology pci)
{
    private const string ClassDir = "/sys/class/infiniband";

    public IReadOnlyList<NicReport> Collect()
    {
        var nics = new List<NicReport>();
        foreach (var device in paths.List(ClassDir))
        {
            var busId = DeviceBusId(device);
            var location = busId is null ? null : pci.Locate(busId);
            var netdevs = paths.List($"{ClassDir}/{device}/device/net");
            foreach (var portName in paths.List($"{ClassDir}/{device}/ports"))
            {
                if (!int.TryParse(portName, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    continue;
                }

                var dir = $"{ClassDir}/{device}/ports/{portName}";
                nics.Add(new NicReport
                {
                    Device = device,
                    Port = port,
                    Netdev = NetdevFor(device, port, netdevs),
                    LinkLayer = ParseLinkLayer(paths.ReadAttribute(dir + "/link_layer")),
                    State = ParseState(paths.ReadAttribute(dir + "/state")),
                    PhysicalState = AfterColon(paths.ReadAttribute(dir + "/phys_state")),
                    RateGbps = ParseRate(paths.ReadAttribute(dir + "/rate")),
                    PciBusId = busId,
                    NumaNode = location?.NumaNode,
                });
            }
        }

        return nics;
    }

    /// <summary><c>4: ACTIVE</c> → Active; <c>1: DOWN</c> → Down.</summary>
    public static PortState ParseState(string? text) => AfterColon(text)?.ToUpperInvariant() switch
    {
        "DOWN" => PortState.Down,
        "INIT" => PortState.Init,
        "ARMED" => PortState.Armed,
        "ACTIVE" => PortState.Active,
        "ACTIVE_DEFER" => PortState.ActiveDefer,
        _ => PortState.Unknown,
    };

    /// <summary><c>200 Gb/sec (4X HDR)</c> → 200.</summary>
    public static double ParseRate(string? text)
    {
        var first = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && double.IsFinite(rate) && rate >= 0 ? rate : 0;
    }

    public static LinkLayer ParseLinkLayer(string? text) =>
        string.Equals(text, "Ethernet", StringComparison.OrdinalIgnoreCase) ? LinkLayer.Ethernet : LinkLayer.InfiniBand;

    private static string? AfterColon(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? text : text[(colon + 1)..]).Trim();
    }

    private string? DeviceBusId(string device)
    {
        var target = paths.ResolveLink($"{ClassDir}/{device}/device");
        var name = target is null ? null : Path.GetFileName(target);
        return PciAddress.ToSysfs(name);
    }

    /// <summary>A multi-port function has one netdev per port; <c>dev_port</c> (0-based) tells which.</summary>
    private string? NetdevFor(string device, int port, IReadOnlyList<string> netdevs)
    {
        if (netdevs.Count <= 1)
        {
            return netdevs.FirstOrDefault();
        }

        var wanted = (port - 1).ToString(CultureInfo.InvariantCulture);
        return netdevs.FirstOrDefault(n => paths.ReadAttribute($"{ClassDir}/{device}/device/net/{n}/dev_port") == wanted) ?? netdevs[0];
    }
}
