using ControlPlane.Agent.Infiniband;
using ControlPlane.Probes.Infiniband;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>RDMA ports from captured <c>ibstat</c> (state, rate, link layer) and <c>ibdev2netdev</c> (netdev, up/down).</summary>
internal static class CaptureNics
{
    public static IReadOnlyList<NicReport> From(CaptureSet captures)
    {
        var nics = new List<NicReport>();
        var netdevs = captures.IbDev2NetDev?.Ports ?? [];
        foreach (var adapter in captures.IbStat?.Adapters ?? [])
        {
            foreach (var port in adapter.Ports)
            {
                var mapping = netdevs.FirstOrDefault(m => m.Device == adapter.Name && m.Port == port.Number);
                nics.Add(new NicReport
                {
                    Device = adapter.Name,
                    Port = port.Number,
                    Netdev = mapping?.NetDevice,
                    LinkLayer = InfinibandSysfs.ParseLinkLayer(port.LinkLayer),
                    State = InfinibandSysfs.ParseState(port.State == "Initializing" ? "INIT" : port.State),
                    PhysicalState = port.PhysicalState,
                    RateGbps = port.RateGbps,
                });
            }
        }

        // Ports only ibdev2netdev knows: its (Up)/(Down) is the netdev's state, the best word on the port there is.
        foreach (var mapping in netdevs.Where(m => !nics.Any(n => n.Device == m.Device && n.Port == m.Port)))
        {
            nics.Add(new NicReport
            {
                Device = mapping.Device,
                Port = mapping.Port,
                Netdev = mapping.NetDevice,
                State = mapping.State == NetDeviceState.Up ? PortState.Active : PortState.Down,
            });
        }

        return nics;
    }
}
