using System.Runtime.InteropServices;
using System.Text;

namespace ControlPlane.Agent.Nvml;

/// <summary>
/// The NVML entry points the agent uses, bound at run time from <c>libnvidia-ml.so.1</c> (the library the NVIDIA
/// container runtime injects), so a node without the driver loads nothing and a missing symbol is a missing fact.
/// </summary>
internal sealed unsafe class NvmlApi : IDisposable
{
    public const string LibraryName = "libnvidia-ml.so.1";

    private readonly nint _library;
    private bool _initialized;

    private NvmlApi(nint library)
    {
        _library = library;
        Init = (delegate* unmanaged<int>)Export("nvmlInit_v2");
        Shutdown = (delegate* unmanaged<int>)Export("nvmlShutdown");
        ErrorString = (delegate* unmanaged<int, byte*>)Export("nvmlErrorString");
        SystemGetDriverVersion = (delegate* unmanaged<byte*, uint, int>)Export("nvmlSystemGetDriverVersion");
        SystemGetCudaDriverVersion = (delegate* unmanaged<int*, int>)Export("nvmlSystemGetCudaDriverVersion_v2");
        DeviceGetCount = (delegate* unmanaged<uint*, int>)Export("nvmlDeviceGetCount_v2");
        DeviceGetHandleByIndex = (delegate* unmanaged<uint, nint*, int>)Export("nvmlDeviceGetHandleByIndex_v2");
        DeviceGetUuid = (delegate* unmanaged<nint, byte*, uint, int>)Export("nvmlDeviceGetUUID");
        DeviceGetName = (delegate* unmanaged<nint, byte*, uint, int>)Export("nvmlDeviceGetName");
        DeviceGetIndex = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetIndex");
        DeviceGetMinorNumber = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetMinorNumber");
        DeviceGetPciInfo = (delegate* unmanaged<nint, NvmlPciInfo*, int>)Export("nvmlDeviceGetPciInfo_v3");
        DeviceGetCudaComputeCapability = (delegate* unmanaged<nint, int*, int*, int>)Export("nvmlDeviceGetCudaComputeCapability");
        DeviceGetMemoryInfo = (delegate* unmanaged<nint, NvmlMemory*, int>)Export("nvmlDeviceGetMemoryInfo");
        DeviceGetUtilizationRates = (delegate* unmanaged<nint, NvmlUtilization*, int>)Export("nvmlDeviceGetUtilizationRates");
        DeviceGetTemperature = (delegate* unmanaged<nint, int, uint*, int>)Export("nvmlDeviceGetTemperature");
        DeviceGetPowerUsage = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetPowerUsage");
        DeviceGetTotalEccErrors = (delegate* unmanaged<nint, int, int, ulong*, int>)Export("nvmlDeviceGetTotalEccErrors");
        DeviceGetRetiredPages = (delegate* unmanaged<nint, int, uint*, ulong*, int>)Export("nvmlDeviceGetRetiredPages");
        DeviceGetRemappedRows = (delegate* unmanaged<nint, uint*, uint*, uint*, uint*, int>)Export("nvmlDeviceGetRemappedRows");
        DeviceGetNvLinkState = (delegate* unmanaged<nint, uint, int*, int>)Export("nvmlDeviceGetNvLinkState");
        DeviceGetNvLinkRemotePciInfo = (delegate* unmanaged<nint, uint, NvmlPciInfo*, int>)Export("nvmlDeviceGetNvLinkRemotePciInfo_v2");
        DeviceGetTopologyCommonAncestor = (delegate* unmanaged<nint, nint, int*, int>)Export("nvmlDeviceGetTopologyCommonAncestor");
        DeviceGetP2PStatus = (delegate* unmanaged<nint, nint, int, int*, int>)Export("nvmlDeviceGetP2PStatus");
        EventSetCreate = (delegate* unmanaged<nint*, int>)Export("nvmlEventSetCreate");
        DeviceGetSupportedEventTypes = (delegate* unmanaged<nint, ulong*, int>)Export("nvmlDeviceGetSupportedEventTypes");
        DeviceRegisterEvents = (delegate* unmanaged<nint, ulong, nint, int>)Export("nvmlDeviceRegisterEvents");
        EventSetWait = (delegate* unmanaged<nint, NvmlEventData*, uint, int>)Export("nvmlEventSetWait_v2");
        EventSetFree = (delegate* unmanaged<nint, int>)Export("nvmlEventSetFree");
        DeviceGetGpuFabricInfoV = (delegate* unmanaged<nint, NvmlGpuFabricInfo*, int>)Export("nvmlDeviceGetGpuFabricInfoV");
    }

    public delegate* unmanaged<int> Init { get; }
    public delegate* unmanaged<int> Shutdown { get; }
    public delegate* unmanaged<int, byte*> ErrorString { get; }
    public delegate* unmanaged<byte*, uint, int> SystemGetDriverVersion { get; }
    public delegate* unmanaged<int*, int> SystemGetCudaDriverVersion { get; }
    public delegate* unmanaged<uint*, int> DeviceGetCount { get; }
    public delegate* unmanaged<uint, nint*, int> DeviceGetHandleByIndex { get; }
    public delegate* unmanaged<nint, byte*, uint, int> DeviceGetUuid { get; }
    public delegate* unmanaged<nint, byte*, uint, int> DeviceGetName { get; }
    public delegate* unmanaged<nint, uint*, int> DeviceGetIndex { get; }
    public delegate* unmanaged<nint, uint*, int> DeviceGetMinorNumber { get; }
    public delegate* unmanaged<nint, NvmlPciInfo*, int> DeviceGetPciInfo { get; }
    public delegate* unmanaged<nint, int*, int*, int> DeviceGetCudaComputeCapability { get; }
    public delegate* unmanaged<nint, NvmlMemory*, int> DeviceGetMemoryInfo { get; }
    public delegate* unmanaged<nint, NvmlUtilization*, int> DeviceGetUtilizationRates { get; }
    public delegate* unmanaged<nint, int, uint*, int> DeviceGetTemperature { get; }
    public delegate* unmanaged<nint, uint*, int> DeviceGetPowerUsage { get; }
    public delegate* unmanaged<nint, int, int, ulong*, int> DeviceGetTotalEccErrors { get; }
    public delegate* unmanaged<nint, int, uint*, ulong*, int> DeviceGetRetiredPages { get; }
    public delegate* unmanaged<nint, uint*, uint*, uint*, uint*, int> DeviceGetRemappedRows { get; }
    public delegate* unmanaged<nint, uint, int*, int> DeviceGetNvLinkState { get; }
    public delegate* unmanaged<nint, uint, NvmlPciInfo*, int> DeviceGetNvLinkRemotePciInfo { get; }
    public delegate* unmanaged<nint, nint, int*, int> DeviceGetTopologyCommonAncestor { get; }
    public delegate* unmanaged<nint, nint, int, int*, int> DeviceGetP2PStatus { get; }
    public delegate* unmanaged<nint*, int> EventSetCreate { get; }
    public delegate* unmanaged<nint, ulong*, int> DeviceGetSupportedEventTypes { get; }
    public delegate* unmanaged<nint, ulong, nint, int> DeviceRegisterEvents { get; }
    public delegate* unmanaged<nint, NvmlEventData*, uint, int> EventSetWait { get; }
    public delegate* unmanaged<nint, int> EventSetFree { get; }

    /// <summary>Null on drivers before R550, which report no fabric.</summary>
    public delegate* unmanaged<nint, NvmlGpuFabricInfo*, int> DeviceGetGpuFabricInfoV { get; }

    /// <summary>Loads and initializes NVML; null with the reason when the library or the driver is not there.</summary>
    public static NvmlApi? TryOpen(out string? whyNot)
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var library))
        {
            whyNot = $"{LibraryName} could not be loaded (no NVIDIA driver, or the container was started without the NVIDIA runtime)";
            return null;
        }

        var api = new NvmlApi(library);
        if (api.Init is null || api.DeviceGetCount is null || api.DeviceGetHandleByIndex is null)
        {
            whyNot = $"{LibraryName} lacks nvmlInit_v2 / nvmlDeviceGetCount_v2 / nvmlDeviceGetHandleByIndex_v2";
            api.Dispose();
            return null;
        }

        var rc = api.Init();
        if (rc != NvmlReturn.Success)
        {
            whyNot = $"nvmlInit_v2 failed: {api.Describe(rc)}";
            api.Dispose();
            return null;
        }

        api._initialized = true;
        whyNot = null;
        return api;
    }

    public string Describe(int rc) =>
        ErrorString is null ? $"NVML error {rc}" : $"{Marshal.PtrToStringUTF8((nint)ErrorString(rc))} ({rc})";

    public static string Text(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }

    public void Dispose()
    {
        if (_initialized && Shutdown is not null)
        {
            _ = Shutdown();
            _initialized = false;
        }

        NativeLibrary.Free(_library);
    }

    private nint Export(string name) => NativeLibrary.TryGetExport(_library, name, out var address) ? address : 0;
}
