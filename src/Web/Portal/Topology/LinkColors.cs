using System.Globalization;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Web.Portal.Topology;

/// <summary>
/// The heatmap's colour of a link: NVLink green, darker the more links are bonded (NV18 darkest);
/// the PCIe switch blues (PIX, PXB); then warmer as the path leaves the switch (PHB amber, NODE
/// orange, SYS red). Text colour keeps the label readable on each.
/// </summary>
public static class LinkColors
{
    public const string Self = "#e0e0e0";
    public const string Unknown = "#ffffff";
    public const int MaxNvLinks = 18;

    public static string Background(string? cell) => TopologyLink.TryParse(cell, out var link) ? Background(link) : Unknown;

    public static string Background(TopologyLink link) => link.Kind switch
    {
        LinkKind.Self => Self,
        LinkKind.NvLink => NvLink(link.NvLinks),
        LinkKind.Pix => "#1e88e5",
        LinkKind.Pxb => "#64b5f6",
        LinkKind.Phb => "#ffca28",
        LinkKind.Node => "#fb8c00",
        _ => "#e53935",
    };

    public static string Foreground(string? cell) =>
        TopologyLink.TryParse(cell, out var link) && (link.Kind is LinkKind.Pix or LinkKind.Sys || (link.IsNvLink && link.NvLinks >= 6)) ? "#ffffff" : "#212121";

    /// <summary>Lightness falls from 78 % (NV1) to 28 % (NV18 and more) on one green hue.</summary>
    private static string NvLink(int links)
    {
        var n = Math.Clamp(links, 1, MaxNvLinks);
        var lightness = 78 - ((n - 1) * 50 / (MaxNvLinks - 1));
        return string.Create(CultureInfo.InvariantCulture, $"hsl(140, 55%, {lightness}%)");
    }
}
