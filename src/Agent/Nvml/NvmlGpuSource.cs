using System.Globalization;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Pci;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Nvml;

/// <summary>GPUs, their NVLinks and PCIe topology, driver and CUDA versions read through NVML.</summary>
internal sealed unsafe class NvmlGpuSource(NvmlApi api, PciTopology pci, NvmlXidWatcher? xids) : IGpuSource
{
    public const string SourceName = "nvml";

    public GpuInventory Collect()
    {
        uint count;
        var rc = api.DeviceGetCount(&count);
        if (rc != NvmlReturn.Success)
        {
            return GpuInventory.None(SourceName, $"nvmlDeviceGetCount_v2 failed: {api.Describe(rc)}");
        }

        var notes = new List<string>();
        var devices = new List<NvmlDevice>();
        for (uint i = 0; i < count; i++)
        {
            nint handle;
            rc = api.DeviceGetHandleByIndex(i, &handle);
            if (rc == NvmlReturn.Success)
            {
                devices.Add(new NvmlDevice(api, handle));
            }
            else
            {
                notes.Add($"GPU {i}: nvmlDeviceGetHandleByIndex_v2 failed: {api.Describe(rc)}");
            }
        }

        var gpus = new List<GpuReport>();
        var read = new List<NvmlDevice>();
        foreach (var device in devices)
        {
            try
            {
                var gpu = Read(device);
                if (gpu.Minor is null)
                {
                    notes.Add($"{gpu.Uuid}: NVML gives no device minor; kept, and selected by UUID when placed");
                }

                gpus.Add(gpu);
                read.Add(device);
            }
            catch (NvmlException e)
            {
                notes.Add($"a GPU could not be identified: {e.Message}");
            }
        }

        var links = NvmlTopology.Build(
            [.. gpus.Select(g => new NvmlTopology.GpuLinks(g.PciBusId, g.NvLinks))],
            (i, j) => read[i].CommonAncestor(read[j]),
            (i, j) => read[i].NvLinkP2pOk(read[j]));

        return new GpuInventory
        {
            Source = SourceName,
            Gpus = gpus,
            GpuLinks = links,
            Driver = DriverVersion(),
            Cuda = CudaVersion(),
            Notes = notes,
        };
    }

    public void Dispose()
    {
        xids?.Dispose();
        api.Dispose();
    }

    private GpuReport Read(NvmlDevice device)
    {
        var busId = device.PciBusId;
        var location = pci.Locate(busId);
        var memory = device.Memory;
        var uuid = device.Uuid;
        return new GpuReport
        {
            Uuid = uuid,
            Index = device.Index,
            Minor = device.Minor,
            PciBusId = busId,
            Model = device.Name,
            ComputeCapability = device.ComputeCapability ?? "",
            MemoryTotalMiB = memory?.TotalMiB ?? 0,
            MemoryUsedMiB = memory?.UsedMiB ?? 0,
            UtilizationPercent = device.UtilizationPercent,
            TemperatureC = device.TemperatureC,
            PowerW = device.PowerW,
            Ecc = device.Ecc,
            RetiredPages = device.RetiredPages,
            RemappedRows = device.RemappedRows,
            NvLinks = [.. device.NvLinks],
            RecentXids = xids?.Pending(uuid) ?? [],
            NumaNode = location?.NumaNode,
            CpuAffinity = location?.LocalCpus,
            Fabric = device.Fabric,
        };
    }

    private string? DriverVersion()
    {
        if (api.SystemGetDriverVersion is null)
        {
            return null;
        }

        var buffer = stackalloc byte[80];
        return api.SystemGetDriverVersion(buffer, 80) == NvmlReturn.Success ? NvmlApi.Text(new ReadOnlySpan<byte>(buffer, 80)) : null;
    }

    private string? CudaVersion()
    {
        int version;
        if (api.SystemGetCudaDriverVersion is null || api.SystemGetCudaDriverVersion(&version) != NvmlReturn.Success)
        {
            return null;
        }

        // NVML_CUDA_DRIVER_VERSION_MAJOR(v) = v / 1000, MINOR(v) = (v % 1000) / 10.
        return string.Create(CultureInfo.InvariantCulture, $"{version / 1000}.{version % 1000 / 10}");
    }
}
