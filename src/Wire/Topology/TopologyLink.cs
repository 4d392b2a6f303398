using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ControlPlane.Wire.Topology;

/// <summary>One cell of the link matrix: a <see cref="LinkKind"/> and, for NVLink, the number of bonded links.</summary>
[GenerateSerializer, Immutable, Alias("cp.TopologyLink")]
public readonly record struct TopologyLink([property: Id(0)] LinkKind Kind, [property: Id(1)] int NvLinks = 0)
{
    public static readonly TopologyLink Self = new(LinkKind.Self);

    public bool IsNvLink => Kind == LinkKind.NvLink;

    /// <summary>Same PCIe switch: GPUDirect P2P / RDMA without crossing a host bridge.</summary>
    public bool IsPcieSwitch => Kind is LinkKind.Pix or LinkKind.Pxb;

    public static bool TryParse([NotNullWhen(true)] string? text, out TopologyLink link)
    {
        link = default;
        var s = text?.Trim();
        switch (s)
        {
            case "X": link = Self; return true;
            case "PIX": link = new(LinkKind.Pix); return true;
            case "PXB": link = new(LinkKind.Pxb); return true;
            case "PHB": link = new(LinkKind.Phb); return true;
            case "NODE": link = new(LinkKind.Node); return true;
            case "SYS": link = new(LinkKind.Sys); return true;
        }

        if (s is { Length: > 2 } && s.StartsWith("NV", StringComparison.Ordinal)
            && int.TryParse(s.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 64)
        {
            link = new(LinkKind.NvLink, n);
            return true;
        }

        return false;
    }

    public override string ToString() => Kind switch
    {
        LinkKind.Self => "X",
        LinkKind.NvLink => (uint)NvLinks < (uint)NvNames.Length ? NvNames[NvLinks] : "NV" + NvLinks.ToString(CultureInfo.InvariantCulture),
        LinkKind.Pix => "PIX",
        LinkKind.Pxb => "PXB",
        LinkKind.Phb => "PHB",
        LinkKind.Node => "NODE",
        _ => "SYS",
    };

    // A placement view spells every GPU pair's link: the NVLink counts a node can have are spelled once.
    private static readonly string[] NvNames = [.. Enumerable.Range(0, 33).Select(n => "NV" + n.ToString(CultureInfo.InvariantCulture))];
}
