using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Ingestion;

/// <summary>The field errors that refused a report, the node grain's acknowledgement, or why it was not stored.</summary>
internal sealed record IngestResult(IReadOnlyDictionary<string, string[]>? Errors, ProbeAck? Ack, string? NotStored = null)
{
    public static IngestResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(errors, null);

    public static IngestResult Acked(ProbeAck ack) => new(null, ack);

    /// <summary>The node grain could not write the report: nothing of it was stored, the agent sends it again.</summary>
    public static IngestResult Unstored(string detail) => new(null, null, detail);
}
