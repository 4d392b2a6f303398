using System.Text.Json.Nodes;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>One request of a chaos run as the client saw it: status 0 means no answer (connection failed or timed out).</summary>
internal sealed record ChaosCall(string Kind, string Target, int Status, TimeSpan Latency, bool RetryAfter, DateTimeOffset At, string Body)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>
    /// A probe answered 409 with the node's <c>lastAcceptedSequence</c>: after a silo crash, the node's sequence ceiling
    /// (see <c>ControlPlane:Nodes:SequenceHeadroom</c>), which the agent jumps past. Null for any other answer.
    /// </summary>
    public long? LastAcceptedSequence =>
        Kind == "probe" && Status == 409 && JsonNode.Parse(Body)?["lastAcceptedSequence"] is { } value ? value.GetValue<long>() : null;

    public override string ToString() => $"{Kind} {Target} -> {Status} in {Latency.TotalMilliseconds:F0} ms{(RetryAfter ? " (Retry-After)" : "")}: {Body[..Math.Min(Body.Length, 200)]}";
}
