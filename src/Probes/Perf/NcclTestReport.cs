using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ControlPlane.Probes.Perf;

[JsonConverter(typeof(JsonStringEnumConverter<NcclTestOutcome>))]
public enum NcclTestOutcome
{
    /// <summary>Rows and the closing "Avg bus bandwidth" line, no failure.</summary>
    Passed,

    /// <summary>The test printed a failure ("Test NCCL failure", "Test failure", "Test CUDA failure").</summary>
    Failed,

    /// <summary>No failure, but the closing "Avg bus bandwidth" line is missing: the capture was cut short.</summary>
    Incomplete,
}

/// <summary>A "#  Rank  0 Group  0 Pid   5736 on host device  0 [0000:01:00] NVIDIA GeForce RTX 5090 D" line.</summary>
public sealed record NcclTestDevice(int Rank, int Group, int Pid, string Host, int Device, string BusId, string Name);

/// <summary>Time (us), algorithm and bus bandwidth (GB/s) of one placement; Wrong is null when validation was off (N/A).</summary>
public sealed record NcclTestTiming(double TimeUs, double AlgBandwidthGBps, double BusBandwidthGBps, long? Wrong);

/// <summary>One message size; InPlace is null where the output only has the out-of-place columns.</summary>
/// <param name="Root">-1 for collectives without a root; null where the output has no root column.</param>
public sealed record NcclTestRow(
    long SizeBytes,
    long Count,
    string Type,
    string Redop,
    int? Root,
    NcclTestTiming OutOfPlace,
    NcclTestTiming? InPlace);

/// <summary>The parsed output of an nccl-tests binary such as <c>all_reduce_perf</c>.</summary>
public sealed record NcclTestReport(
    NcclTestOutcome Outcome,
    ImmutableArray<NcclTestDevice> Devices,
    ImmutableArray<NcclTestRow> Rows,
    double? AverageBusBandwidthGBps,
    long? OutOfBoundsValues,
    ImmutableArray<string> Errors);
