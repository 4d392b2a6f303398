using System.Text;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Bench.Ingest;

/// <summary>A node's report as UTF-8 JSON, split around its sequence number (see <see cref="SplicedJsonContent"/>).</summary>
public sealed record IngestPayload(string Node, byte[] Before, byte[] After)
{
    public byte[] WithSequence(long sequence) => [.. Before, .. Encoding.ASCII.GetBytes(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. After];
}

public static class IngestPayloads
{
    /// <summary>One XID in this many changing reports: a fact change (verdict, record write, GPU grain, fleet index).</summary>
    public const int XidOneIn = 10;

    /// <summary>Each node's steady report: the same facts and telemetry every round, only the sequence grows.</summary>
    public static IngestPayload[] Steady(SimulatedFleet fleet)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        return [.. fleet.Nodes.Select(n => Split(n.Name, n.NextReport(now, random)))];
    }

    /// <summary>
    /// One changing round: every report with new temperatures, utilisation and power, and one in
    /// <see cref="XidOneIn"/> with an XID 31 (Degraded) on one GPU, so the write path runs beside the steady one.
    /// </summary>
    public static IngestPayload[] Changing(SimulatedFleet fleet, int round)
    {
        var random = new Random(1000 + round);
        var now = DateTimeOffset.UtcNow;
        return
        [
            .. fleet.Nodes.Select((n, i) =>
            {
                if ((i + round) % XidOneIn == 0)
                {
                    n.Inject(new SimulatedFault(SimulatedFaultKind.Xid, Gpu: round % n.Template.GpuCount, Xid: 31));
                }

                return Split(n.Name, n.NextReport(now, random));
            }),
        ];
    }

    private static IngestPayload Split(string node, ProbeReport report)
    {
        var json = JsonSerializer.Serialize(report with { Sequence = 0 }, ApiJson.Options);
        var at = json.IndexOf("\"sequence\":0", StringComparison.Ordinal) + "\"sequence\":".Length;
        return new IngestPayload(node, Encoding.UTF8.GetBytes(json[..at]), Encoding.UTF8.GetBytes(json[(at + 1)..]));
    }
}
