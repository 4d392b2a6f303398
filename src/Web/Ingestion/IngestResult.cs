using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Ingestion;

/// <summary>Either the field errors that refused a report, or the node grain's acknowledgement.</summary>
internal sealed record IngestResult(IReadOnlyDictionary<string, string[]>? Errors, ProbeAck? Ack)
{
    public static IngestResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(errors, null);

    public static IngestResult Acked(ProbeAck ack) => new(null, ack);
}
