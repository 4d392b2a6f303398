using System.Collections.Frozen;
using ControlPlane.Wire.Health;

namespace ControlPlane.Health;

/// <summary>
/// What each NVIDIA XID means for the GPU and what to do about it, after NVIDIA's XID catalog
/// and its GPU debug guidelines. Codes not listed are Degraded/Monitor until someone classifies them.
/// </summary>
internal static class XidCatalog
{
    public sealed record Entry(int Code, HealthStatus Severity, RemediationAction Action, string Meaning);

    private static readonly FrozenDictionary<int, Entry> Entries = new Entry[]
    {
        new(13, HealthStatus.Degraded, RemediationAction.RestartWorkload, "graphics engine exception (usually an application fault: out-of-range access, illegal instruction)"),
        new(31, HealthStatus.Degraded, RemediationAction.RestartWorkload, "GPU memory page fault (application fault, or a driver bug)"),
        new(43, HealthStatus.Degraded, RemediationAction.RestartWorkload, "GPU stopped processing: the faulting channel was reset"),
        new(45, HealthStatus.Degraded, RemediationAction.Monitor, "preemptive cleanup after a previous error (look at the XID before it)"),
        new(48, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "double-bit ECC error: memory contents lost, reset the GPU to retire the page"),
        new(61, HealthStatus.Degraded, RemediationAction.ResetGpu, "internal micro-controller breakpoint/warning"),
        new(62, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "internal micro-controller halt"),
        new(63, HealthStatus.Degraded, RemediationAction.ResetGpu, "ECC page retirement or row remapping recorded: reset the GPU to apply it"),
        new(64, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "ECC page retirement or row remapping failed to record"),
        new(68, HealthStatus.Degraded, RemediationAction.RestartWorkload, "video decoder (NVDEC) exception"),
        new(69, HealthStatus.Degraded, RemediationAction.RestartWorkload, "graphics engine class error"),
        new(74, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "NVLink error: collectives over this GPU's links will hang or fall back"),
        new(79, HealthStatus.Unhealthy, RemediationAction.RebootNode, "GPU has fallen off the bus"),
        new(92, HealthStatus.Degraded, RemediationAction.Monitor, "high single-bit ECC error rate"),
        new(94, HealthStatus.Degraded, RemediationAction.RestartWorkload, "contained ECC error: only the affected application must restart"),
        new(95, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "uncontained ECC error: every application on the GPU is affected"),
        new(119, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "GSP RPC timeout"),
        new(120, HealthStatus.Unhealthy, RemediationAction.ResetGpu, "GSP error"),
    }.ToFrozenDictionary(e => e.Code);

    public static IEnumerable<Entry> All => Entries.Values.OrderBy(e => e.Code);

    public static Entry Lookup(int code) =>
        Entries.TryGetValue(code, out var entry)
            ? entry
            : new Entry(code, HealthStatus.Degraded, RemediationAction.Monitor, "unclassified XID");
}
