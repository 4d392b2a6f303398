using System.Globalization;
using System.Text;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>What makes two nodes interchangeable for placement (one <see cref="NodeShape"/>): hardware, links, NICs, versions, pool.</summary>
internal static class ShapeKey
{
    public static string Of(PlacementNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder(256);
        sb.Append(node.Pool).Append('|').Append(node.NvlinkDomain).Append('|').Append(node.ComputeCapability).Append('|').Append(node.Driver).Append('|')
          .Append(node.Cuda).Append('|').Append(node.Nccl).Append('|').Append(node.Gpus.Length).Append('|');
        foreach (var g in node.Gpus)
        {
            sb.Append(g.Numa?.ToString(CultureInfo.InvariantCulture) ?? "-").Append(':').Append(g.MemoryMiB.ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        foreach (var row in node.GpuLinks)
        {
            sb.Append('|').AppendJoin(' ', row);
        }

        foreach (var nic in node.Nics)
        {
            sb.Append('|').Append(nic.Device).Append(' ').Append(nic.Netdev).Append(' ').Append(nic.Active ? 'A' : 'D').Append(' ')
              .Append(nic.RateGbps.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(nic.RdmaResource).Append(' ').Append(nic.LinkLayer);
        }

        foreach (var row in node.GpuNicLinks)
        {
            sb.Append('|').AppendJoin(' ', row);
        }

        return sb.ToString();
    }
}
