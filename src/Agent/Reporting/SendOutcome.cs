namespace ControlPlane.Agent.Reporting;

internal enum SendStatus
{
    /// <summary>Accepted (or acknowledged as a duplicate).</summary>
    Accepted,

    /// <summary>409: the server holds a newer sequence; <see cref="SendOutcome.LastAcceptedSequence"/> says which.</summary>
    Stale,

    /// <summary>Unreachable, timed out or 5xx: try again after a backoff.</summary>
    Retry,

    /// <summary>Refused (400 validation, 401/403 token): sending the same again will not help.</summary>
    Refused,
}

internal sealed record SendOutcome(SendStatus Status, string Detail, long? LastAcceptedSequence = null);
