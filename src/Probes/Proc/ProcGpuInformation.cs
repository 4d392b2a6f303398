using System.Collections.Immutable;

namespace ControlPlane.Probes.Proc;

/// <summary>One <c>/proc/driver/nvidia/gpus/&lt;bus&gt;/information</c> file.</summary>
/// <param name="Path">The "== path" separator above the block, or null for a single file.</param>
public sealed record ProcGpuInformation(
    string? Path,
    string Model,
    int Irq,
    string GpuUuid,
    string VideoBios,
    string BusType,
    int DmaSizeBits,
    int DeviceMinor,
    string BusLocation,
    string? DmaMask,
    string? GpuFirmware,
    bool? GpuExcluded);

public sealed record ProcGpuInformationList(ImmutableArray<ProcGpuInformation> Gpus);

/// <summary><c>/proc/driver/nvidia/version</c>: the loaded kernel module.</summary>
public sealed record NvidiaDriverVersion(string DriverVersion, bool OpenKernelModule, string? Architecture, string? GccVersion);

/// <summary><c>nvcc --version</c>: "release 13.0, V13.0.88".</summary>
public sealed record CudaToolkitVersion(string Release, string Version, string? Build);
