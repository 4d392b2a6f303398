namespace ControlPlane.Diagnostics;

/// <summary>
/// One diagnosis. <see cref="Code"/> is stable (see <c>FindingCodes</c>); <see cref="Timeout"/> and
/// <see cref="CudaFailure"/> are set only for <c>watchdog-timeout</c> and <c>cuda-failure</c>.
/// </summary>
public sealed record Finding(
    string Code,
    FindingSeverity Severity,
    IReadOnlyList<int> Ranks,
    IReadOnlyList<Evidence> Evidence,
    string Fix,
    string Message)
{
    public CollectiveTimeout? Timeout { get; init; }

    public CudaFailure? CudaFailure { get; init; }
}
