using System.Globalization;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Nvml;

/// <summary>
/// Reads one GPU through NVML. Identity (UUID, index, bus id) is required: without it the GPU cannot be
/// reported and the read fails; the device minor and telemetry a GPU does not support are left empty.
/// </summary>
internal sealed unsafe class NvmlDevice(NvmlApi api, nint handle)
{
    private const int NvmlTemperatureGpu = 0;
    private const int EccCorrected = 0;
    private const int EccUncorrected = 1;
    private const int EccVolatile = 0;
    private const int EccAggregate = 1;

    // NVML_NVLINK_MAX_LINKS is 18 in the v12 header; later GPUs have more, so probe until NVML says "invalid link".
    private const uint MaxLinksProbed = 64;

    public nint Handle => handle;

    public string Uuid => ReadString(api.DeviceGetUuid, 96, "nvmlDeviceGetUUID");

    public string Name => ReadString(api.DeviceGetName, 96, "nvmlDeviceGetName");

    public int Index => (int)ReadUInt(api.DeviceGetIndex, "nvmlDeviceGetIndex");

    /// <summary>Null when NVML cannot tell (the GPU is still reported, and selected by UUID when placed).</summary>
    public int? Minor
    {
        get
        {
            uint value;
            return api.DeviceGetMinorNumber is not null && api.DeviceGetMinorNumber(handle, &value) == NvmlReturn.Success ? (int)value : null;
        }
    }

    public string PciBusId
    {
        get
        {
            NvmlPciInfo pci;
            Check(api.DeviceGetPciInfo is null ? NvmlReturn.FunctionNotFound : api.DeviceGetPciInfo(handle, &pci), "nvmlDeviceGetPciInfo_v3");
            return NvmlApi.Text(new ReadOnlySpan<byte>(pci.BusId, 32));
        }
    }

    public string? ComputeCapability
    {
        get
        {
            int major, minor;
            return api.DeviceGetCudaComputeCapability is not null && api.DeviceGetCudaComputeCapability(handle, &major, &minor) == NvmlReturn.Success
                ? string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}")
                : null;
        }
    }

    public (long TotalMiB, long UsedMiB)? Memory
    {
        get
        {
            NvmlMemory memory;
            return api.DeviceGetMemoryInfo is not null && api.DeviceGetMemoryInfo(handle, &memory) == NvmlReturn.Success
                ? ((long)(memory.Total >> 20), (long)(memory.Used >> 20))
                : null;
        }
    }

    public int? UtilizationPercent
    {
        get
        {
            NvmlUtilization utilization;
            return api.DeviceGetUtilizationRates is not null && api.DeviceGetUtilizationRates(handle, &utilization) == NvmlReturn.Success
                ? (int)utilization.Gpu
                : null;
        }
    }

    public int? TemperatureC
    {
        get
        {
            uint value;
            return api.DeviceGetTemperature is not null && api.DeviceGetTemperature(handle, NvmlTemperatureGpu, &value) == NvmlReturn.Success ? (int)value : null;
        }
    }

    public double? PowerW
    {
        get
        {
            uint milliwatts;
            return api.DeviceGetPowerUsage is not null && api.DeviceGetPowerUsage(handle, &milliwatts) == NvmlReturn.Success ? milliwatts / 1000.0 : null;
        }
    }

    public EccCounters Ecc => new()
    {
        VolatileCorrected = EccCount(EccCorrected, EccVolatile),
        VolatileUncorrected = EccCount(EccUncorrected, EccVolatile),
        AggregateCorrected = EccCount(EccCorrected, EccAggregate),
        AggregateUncorrected = EccCount(EccUncorrected, EccAggregate),
    };

    public int RetiredPages => RetiredPageCount(0) + RetiredPageCount(1);

    public RemappedRows RemappedRows
    {
        get
        {
            uint corrected, uncorrected, pending, failure;
            return api.DeviceGetRemappedRows is not null && api.DeviceGetRemappedRows(handle, &corrected, &uncorrected, &pending, &failure) == NvmlReturn.Success
                ? new RemappedRows { Correctable = (int)corrected, Uncorrectable = (int)uncorrected, Pending = pending != 0, Failure = failure != 0 }
                : new RemappedRows();
        }
    }

    /// <summary>The GPU's multi-node NVLink fabric registration, in nvidia-smi's words; null where the driver has no fabric API or the GPU no fabric.</summary>
    public GpuFabric? Fabric
    {
        get
        {
            var info = new NvmlGpuFabricInfo { Version = NvmlGpuFabricInfo.Version2 };
            if (api.DeviceGetGpuFabricInfoV is null || api.DeviceGetGpuFabricInfoV(handle, &info) != NvmlReturn.Success)
            {
                return null;
            }

            var state = NvmlFabricWords.State(info.State);
            return new GpuFabric
            {
                State = state,
                // nvml.h: the status "must be checked only if state returns complete".
                Status = state == GpuFabric.Completed ? NvmlFabricWords.Status(info.Status) : null,
                CliqueId = info.CliqueId,
                ClusterUuid = new Guid(new ReadOnlySpan<byte>(info.ClusterUuid, 16), bigEndian: true).ToString(),
                HealthMask = info.HealthMask,
            };
        }
    }

    /// <summary>Every NVLink the GPU has, with its state and, when active, the bus id of the device at the other end.</summary>
    public IReadOnlyList<NvLinkState> NvLinks
    {
        get
        {
            var links = new List<NvLinkState>();
            if (api.DeviceGetNvLinkState is null)
            {
                return links;
            }

            for (uint link = 0; link < MaxLinksProbed; link++)
            {
                int active;
                var rc = api.DeviceGetNvLinkState(handle, link, &active);
                if (rc is NvmlReturn.InvalidArgument or NvmlReturn.NotSupported)
                {
                    break;
                }

                if (rc != NvmlReturn.Success)
                {
                    continue;
                }

                string? remote = null;
                NvmlPciInfo pci;
                if (active != 0 && api.DeviceGetNvLinkRemotePciInfo is not null && api.DeviceGetNvLinkRemotePciInfo(handle, link, &pci) == NvmlReturn.Success)
                {
                    remote = NvmlApi.Text(new ReadOnlySpan<byte>(pci.BusId, 32));
                }

                links.Add(new NvLinkState { Link = (int)link, Active = active != 0, RemotePciBusId = remote });
            }

            return links;
        }
    }

    public NvmlTopologyLevel? CommonAncestor(NvmlDevice other)
    {
        int level;
        return api.DeviceGetTopologyCommonAncestor is not null && api.DeviceGetTopologyCommonAncestor(handle, other.Handle, &level) == NvmlReturn.Success
            ? (NvmlTopologyLevel)level
            : null;
    }

    /// <summary>Whether the driver would do peer-to-peer over NVLink between the two GPUs (NVML_P2P_CAPS_INDEX_NVLINK).</summary>
    public bool NvLinkP2pOk(NvmlDevice other)
    {
        const int capsIndexNvLink = 2;
        int status;
        return api.DeviceGetP2PStatus is not null && api.DeviceGetP2PStatus(handle, other.Handle, capsIndexNvLink, &status) == NvmlReturn.Success && status == 0;
    }

    private long EccCount(int errorType, int counterType)
    {
        ulong count;
        return api.DeviceGetTotalEccErrors is not null && api.DeviceGetTotalEccErrors(handle, errorType, counterType, &count) == NvmlReturn.Success
            ? (long)Math.Min(count, long.MaxValue)
            : 0;
    }

    private int RetiredPageCount(int cause)
    {
        // Asking with a zero-sized buffer returns the count (and INSUFFICIENT_SIZE when there are pages).
        uint count = 0;
        if (api.DeviceGetRetiredPages is null)
        {
            return 0;
        }

        var rc = api.DeviceGetRetiredPages(handle, cause, &count, null);
        return rc is NvmlReturn.Success or NvmlReturn.InsufficientSize ? (int)count : 0;
    }

    private string ReadString(delegate* unmanaged<nint, byte*, uint, int> function, int size, string name)
    {
        var buffer = stackalloc byte[size];
        Check(function is null ? NvmlReturn.FunctionNotFound : function(handle, buffer, (uint)size), name);
        return NvmlApi.Text(new ReadOnlySpan<byte>(buffer, size));
    }

    private uint ReadUInt(delegate* unmanaged<nint, uint*, int> function, string name)
    {
        uint value = 0;
        Check(function is null ? NvmlReturn.FunctionNotFound : function(handle, &value), name);
        return value;
    }

    private void Check(int rc, string function)
    {
        if (rc != NvmlReturn.Success)
        {
            throw new NvmlException(function, rc, api.Describe(rc));
        }
    }
}
