using System.Collections.Immutable;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Probes.Smi;

/// <summary>Frame-buffer memory in MiB.</summary>
public sealed record GpuMemory(double? TotalMiB, double? UsedMiB, double? FreeMiB, double? ReservedMiB);

public sealed record GpuPower(double? DrawW, double? LimitW);

/// <summary>ECC error counts summed over SRAM and DRAM (or single/double bit on older drivers).</summary>
public sealed record EccErrorCounts(long? Corrected, long? Uncorrected);

public sealed record GpuEcc(bool? Enabled, EccErrorCounts Volatile, EccErrorCounts Aggregate);

/// <summary>Page retirement (pre-Ampere); null counts where the GPU uses row remapping instead.</summary>
public sealed record RetiredPages(int? MultipleSingleBit, int? DoubleBit, bool? PendingRetirement);

/// <summary>Row remapping (Ampere and later): a pending remap or a failure means the GPU needs attention.</summary>
public sealed record RemappedRows(int? Correctable, int? Uncorrectable, bool? Pending, bool? Failure);

/// <summary>One &lt;gpu&gt; of <c>nvidia-smi -q -x</c>; null wherever the driver prints N/A or omits the field.</summary>
public sealed record GpuDetails(
    string PciBusId,
    string Uuid,
    int? MinorNumber,
    string ProductName,
    string? Architecture,
    string? ComputeCapability,
    string? VbiosVersion,
    string? PerformanceState,
    GpuMemory Memory,
    double? UtilizationGpuPercent,
    double? UtilizationMemoryPercent,
    double? TemperatureC,
    double? MemoryTemperatureC,
    GpuPower Power,
    GpuEcc Ecc,
    RetiredPages RetiredPages,
    RemappedRows RemappedRows,
    GpuFabric Fabric);

/// <summary>The parsed output of <c>nvidia-smi -q -x</c>.</summary>
public sealed record NvidiaSmiReport(
    string? DriverVersion,
    string? CudaVersion,
    int AttachedGpus,
    ImmutableArray<GpuDetails> Gpus);
