using System.Globalization;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Web.Portal.Topology;

/// <summary>
/// The heatmap's colour of a link: NVLink green, darker the more links are bonded (NV18 darkest);
/// the PCIe switch blues (PIX, PXB); then warmer as the path leaves the switch (PHB amber, NODE
/// orange, SYS red). Text is white or black, whichever reads on the cell (WCAG AA).
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
        LinkKind.Pix => "#1565c0",
        LinkKind.Pxb => "#64b5f6",
        LinkKind.Phb => "#ffca28",
        LinkKind.Node => "#fb8c00",
        _ => "#c62828",
    };

    /// <summary>White or black, whichever reads at 4.5:1 or better on the cell's background.</summary>
    public static string Foreground(string? cell) => ReadableText.On(Background(cell));

    /// <summary>Lightness falls from 78 % (NV1) to 28 % (NV18 and more) on one green hue.</summary>
    private static string NvLink(int links)
    {
        var n = Math.Clamp(links, 1, MaxNvLinks);
        var lightness = 78 - ((n - 1) * 50 / (MaxNvLinks - 1));
        return string.Create(CultureInfo.InvariantCulture, $"hsl(140, 55%, {lightness}%)");
    }
}
