using System.Text.Json;
using System.Text.Json.Serialization;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Reporting;

/// <summary>
/// What goes over the wire every interval: the compact NVLink form (count and down links instead of
/// one object per link: half of an 8-GPU report), no indentation, no nulls. Snapshots printed for
/// people keep the per-link detail.
/// </summary>
internal static class WireFormat
{
    public static ProbeReport Compact(ProbeReport report) => report with
    {
        Gpus =
        [
            .. report.Gpus.Select(g => g.NvLinks.Length == 0 ? g : g with
            {
                NvLinkCount = g.NvLinks.Length,
                NvLinksDown = [.. g.NvLinks.Where(l => !l.Active).Select(l => l.Link).Order()],
                NvLinks = [],
            }),
        ],
    };

    public static string Serialize(ProbeReport report) => JsonSerializer.Serialize(Compact(report), WireJsonContext.Default.ProbeReport);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProbeReport))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
