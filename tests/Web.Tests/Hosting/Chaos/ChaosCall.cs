namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>One request of a chaos run as the client saw it: status 0 means no answer (connection failed or timed out).</summary>
internal sealed record ChaosCall(string Kind, string Target, int Status, TimeSpan Latency, bool RetryAfter, DateTimeOffset At, string Body)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public override string ToString() => $"{Kind} {Target} -> {Status} in {Latency.TotalMilliseconds:F0} ms{(RetryAfter ? " (Retry-After)" : "")}: {Body[..Math.Min(Body.Length, 200)]}";
}
