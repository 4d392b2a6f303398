using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Hosting;
using ControlPlane.Agent.Infiniband;
using ControlPlane.Agent.Pci;
using ControlPlane.Agent.Versions;
using ControlPlane.Probes.Infiniband;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Tests.Sysfs;

public sealed class SysfsCollectorTests
{
    // Two GPUs and two HCAs on two sockets: GPU0 and mlx5_0 share a PCIe switch on socket 0, GPU1 sits alone on
    // another root complex of socket 0, mlx5_1 on socket 1.
    private static FakeHost NodeWithA100IbMap()
    {
        var host = new FakeHost()
            .PciDevice("pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:00.0/0000:03:00.0", 0)
            .PciDevice("pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:01.0/0000:04:00.0", 0)
            .PciDevice("pci0000:20/0000:20:01.0/0000:21:00.0", 0)
            .PciDevice("pci0000:80/0000:80:01.0/0000:81:00.0", 1, "16-31");
        var busOf = new Dictionary<string, string> { ["mlx5_0"] = "0000:04:00.0", ["mlx5_1"] = "0000:81:00.0" };
        var map = IbDev2NetDevParser.Parse(FixtureFiles.Read("seeds/ibdev2netdev-a100-one-port-down.txt"), "ibdev2netdev");
        foreach (var port in map.Ports.Where(p => busOf.ContainsKey(p.Device)))
        {
            var dir = $"/sys/class/infiniband/{port.Device}";
            var up = port.State == NetDeviceState.Up;
            host.File($"{dir}/ports/{port.Port}/state", up ? "4: ACTIVE\n" : "1: DOWN\n")
                .File($"{dir}/ports/{port.Port}/phys_state", up ? "5: LinkUp\n" : "3: Disabled\n")
                .File($"{dir}/ports/{port.Port}/rate", "200 Gb/sec (4X HDR)\n")
                .File($"{dir}/ports/{port.Port}/link_layer", "InfiniBand\n")
                .Link($"{dir}/device", $"../../../bus/pci/devices/{busOf[port.Device]}")
                .File($"/sys/bus/pci/devices/{busOf[port.Device]}/net/{port.NetDevice}/dev_port", "0\n");
        }

        return host;
    }

    [Fact]
    public void InfiniBand_ports_come_from_sysfs_with_state_rate_netdev_and_NUMA()
    {
        using var host = NodeWithA100IbMap();
        var paths = new HostPaths(host.Root);

        var nics = new InfinibandSysfs(paths, new PciTopology(paths)).Collect();

        Assert.Equal(["mlx5_0", "mlx5_1"], nics.Select(n => n.Device));
        Assert.Equal([PortState.Down, PortState.Active], nics.Select(n => n.State));
        Assert.Equal(["Disabled", "LinkUp"], nics.Select(n => n.PhysicalState));
        Assert.Equal(["ibxxxx0", "ibxxxxx0"], nics.Select(n => n.Netdev));
        Assert.All(nics, n => Assert.Equal(200, n.RateGbps));
        Assert.Equal(["0000:04:00.0", "0000:81:00.0"], nics.Select(n => n.PciBusId));
        Assert.Equal([0, 1], nics.Select(n => n.NumaNode));
    }

    [Fact]
    public void PCI_placement_gives_PIX_PHB_NODE_and_SYS_like_nvidia_smi()
    {
        using var host = NodeWithA100IbMap()
            .PciDevice("pci0000:00/0000:00:02.0", 0)
            .PciDevice("pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:02.0/0000:05:00.0/0000:06:00.0/0000:07:00.0", 0);
        var pci = new PciTopology(new HostPaths(host.Root));
        PciLocation At(string bdf) => pci.Locate(bdf)!;

        Assert.Equal(LinkKind.Pix, PciTopology.Between(At("0000:03:00.0"), At("0000:04:00.0")));
        Assert.Equal(LinkKind.Pxb, PciTopology.Between(At("0000:03:00.0"), At("0000:07:00.0")));
        Assert.Equal(LinkKind.Phb, PciTopology.Between(At("0000:03:00.0"), At("0000:00:02.0")));
        Assert.Equal(LinkKind.Node, PciTopology.Between(At("0000:03:00.0"), At("0000:21:00.0")));
        Assert.Equal(LinkKind.Sys, PciTopology.Between(At("0000:03:00.0"), At("0000:81:00.0")));
        Assert.Equal("16-31", At("0000:81:00.0").LocalCpus);
    }

    [Fact]
    public void NICs_join_the_link_matrix_after_the_GPUs_with_cells_from_PCI_placement()
    {
        using var host = NodeWithA100IbMap();
        var paths = new HostPaths(host.Root);
        var pci = new PciTopology(paths);
        var inventory = new GpuInventory
        {
            Source = "nvml",
            Gpus = [Gpu(0, "00000000:03:00.0"), Gpu(1, "00000000:21:00.0")],
            GpuLinks = [["X", "NODE"], ["NODE", "X"]],
        };
        var notes = new List<string>();

        var matrix = TopologyComposer.Compose(inventory, new InfinibandSysfs(paths, pci).Collect(), pci, notes);

        Assert.Equal(["GPU0", "GPU1", "mlx5_0", "mlx5_1"], matrix.Devices);
        Assert.Empty(matrix.Validate());
        Assert.Equal("PIX", matrix.Between("GPU0", "mlx5_0")?.ToString());
        Assert.Equal("NODE", matrix.Between("GPU1", "mlx5_0")?.ToString());
        Assert.Equal("SYS", matrix.Between("GPU0", "mlx5_1")?.ToString());
        Assert.Equal("SYS", matrix.Between("mlx5_0", "mlx5_1")?.ToString());
        Assert.Empty(notes);
    }

    [Fact]
    public void GPU_minors_and_bus_ids_are_read_from_proc_driver_nvidia_split_per_GPU_from_the_capture()
    {
        using var host = new FakeHost();
        foreach (var block in FixtureFiles.Read("gpu-hosts/h200x2-a/proc-gpus-information.txt").Split("== ", StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            host.File(block[..newline].Trim() + "/information", block[(newline + 1)..]);
        }

        var paths = new HostPaths(host.Root);
        Assert.Equal(["0000:00:06.0", "0000:00:07.0"], paths.List("/proc/driver/nvidia/gpus"));
        var text = string.Join('\n', paths.List("/proc/driver/nvidia/gpus").Select(b => $"== {b}\n" + paths.ReadText($"/proc/driver/nvidia/gpus/{b}/information")));
        var parsed = ControlPlane.Probes.Proc.ProcGpuInformationParser.Parse(text, "proc");
        Assert.Equal([0, 1], parsed.Gpus.Select(g => g.DeviceMinor));
    }

    [Fact]
    public void Missing_sysfs_and_proc_are_absent_data_not_errors()
    {
        using var host = new FakeHost();
        var paths = new HostPaths(host.Root);

        Assert.Empty(new InfinibandSysfs(paths, new PciTopology(paths)).Collect());
        Assert.Null(new PciTopology(paths).Locate("00000000:00:06.0"));
        Assert.Null(new HostVersions(paths).Kernel);
        Assert.Null(paths.ReadText("/proc/driver/nvidia/version"));
    }

    [Fact]
    public void Kernel_and_OS_come_from_proc_and_os_release()
    {
        using var host = new FakeHost()
            .File("/proc/sys/kernel/osrelease", "6.18.44-fc-v657-gpu\n")
            .File("/etc/os-release", File.ReadAllText("/etc/os-release"));
        var versions = new HostVersions(new HostPaths(host.Root));

        Assert.Equal("6.18.44-fc-v657-gpu", versions.Kernel);
        Assert.Equal(HostVersions.PrettyName(File.ReadAllText("/etc/os-release")), versions.Os);
        Assert.False(string.IsNullOrEmpty(versions.Os));
        Assert.DoesNotContain("\"", versions.Os, StringComparison.Ordinal);
    }

    private static GpuReport Gpu(int index, string bus) => new()
    {
        Uuid = $"GPU-00000000-0000-0000-0000-00000000000{index}",
        Index = index,
        Minor = index,
        PciBusId = bus,
        Model = "test",
        ComputeCapability = "8.0",
    };
}
