using System.Runtime.InteropServices;

namespace ControlPlane.Agent.Nvml;

// Layouts copied from nvml.h (NVML API version 12): nvmlPciInfo_t, nvmlMemory_t, nvmlUtilization_t, nvmlEventData_t.

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NvmlPciInfo
{
    public fixed byte BusIdLegacy[16];
    public uint Domain;
    public uint Bus;
    public uint Device;
    public uint PciDeviceId;
    public uint PciSubSystemId;
    public fixed byte BusId[32];
}

[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemory
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NvmlUtilization
{
    public uint Gpu;
    public uint Memory;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NvmlEventData
{
    public nint Device;
    public ulong EventType;
    public ulong EventData;
    public uint GpuInstanceId;
    public uint ComputeInstanceId;
}

/// <summary>nvmlGpuFabricInfo_v2_t (nvml.h, R550 and later): version tag <see cref="Version2"/> = sizeof | 2 &lt;&lt; 24.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NvmlGpuFabricInfo
{
    public const uint Version2 = 0x02000024;

    public uint Version;
    public fixed byte ClusterUuid[16];
    public int Status;
    public uint CliqueId;
    public byte State;
    public uint HealthMask;
}

/// <summary>nvmlReturn_t values the agent tells apart.</summary>
internal static class NvmlReturn
{
    public const int Success = 0;
    public const int InvalidArgument = 2;
    public const int NotSupported = 3;
    public const int InsufficientSize = 7;
    public const int Timeout = 10;
    public const int FunctionNotFound = 13;
}

/// <summary>nvmlGpuTopologyLevel_t.</summary>
internal enum NvmlTopologyLevel
{
    Internal = 0,
    Single = 10,
    Multiple = 20,
    HostBridge = 30,
    Node = 40,
    System = 50,
}
