namespace ControlPlane.Diagnostics;

/// <summary>
/// A ProcessGroupNCCL watchdog timeout. <see cref="Stragglers"/> are the ranks whose last enqueued
/// work is behind <see cref="SeqNum"/>: they never reached the collective the others waited in.
/// </summary>
public sealed record CollectiveTimeout(
    string Op,
    long SeqNum,
    long TimeoutMs,
    long? RanForMs,
    IReadOnlyList<int> DetectedBy,
    IReadOnlyList<int> Stragglers);
