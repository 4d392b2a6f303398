using ControlPlane.Wire.Probes;

namespace ControlPlane.Simulation;

/// <summary>
/// The node kinds of the field reports and captures (see shared/fixtures): their matrices are the
/// captured <c>topo -m</c> tables, their NIC maps the captured <c>ibdev2netdev</c> outputs.
/// </summary>
public static class NodeTemplates
{
    private static string[] Repeat(string value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static string[] AllTo(int gpus, string link, string[] nicColumns) =>
        Enumerable.Range(0, gpus).Select(i => string.Join(' ', Enumerable.Range(0, gpus).Select(j => i == j ? "X" : link)) + " " + nicColumns[i]).ToArray();

    /// <summary>seeds/topo-8xH20-nv18-5nic.txt: NV18 everywhere, 4 IB NICs each PIX to one GPU, 1 RoCE NIC, 2 NUMA nodes.</summary>
    public static readonly NodeTemplate H20 = new()
    {
        Name = "h20-nv18",
        Pool = "h20",
        GpuModel = "NVIDIA H20",
        ComputeCapability = "9.0",
        MemoryMiB = 97871,
        PowerLimitW = 500,
        NvLinksPerGpu = 18,
        TopologyRows =
        [
            .. AllTo(8, "NV18",
            [
                "PIX NODE SYS SYS NODE", "NODE NODE SYS SYS NODE", "NODE PIX SYS SYS NODE", "NODE NODE SYS SYS NODE",
                "SYS SYS PIX NODE SYS", "SYS SYS NODE NODE SYS", "SYS SYS NODE PIX SYS", "SYS SYS NODE NODE SYS",
            ]),
            "PIX NODE NODE NODE SYS SYS SYS SYS X NODE SYS SYS NODE",
            "NODE NODE PIX NODE SYS SYS SYS SYS NODE X SYS SYS NODE",
            "SYS SYS SYS SYS PIX NODE NODE NODE SYS SYS X NODE SYS",
            "SYS SYS SYS SYS NODE NODE PIX NODE SYS SYS NODE X SYS",
            "NODE NODE NODE NODE SYS SYS SYS SYS NODE NODE SYS SYS X",
        ],
        GpuNuma = [0, 0, 0, 0, 1, 1, 1, 1],
        GpuCpuAffinity = [.. Repeat("0-47,96-143", 4), .. Repeat("48-95,144-191", 4)],
        Nics =
        [
            Ib("mlx5_0", "ibp14s0", 400, "rdma/ib", 0),
            Ib("mlx5_1", "ibp71s0", 400, "rdma/ib", 0),
            Ib("mlx5_2", "ibp134s0", 400, "rdma/ib", 1),
            Ib("mlx5_3", "ibp195s0", 400, "rdma/ib", 1),
            Ib("mlx5_4", "rocep32s0f0", 200, "rdma/roce", 0) with { LinkLayer = LinkLayer.Ethernet },
        ],
        Versions = new SoftwareVersions { Driver = "550.54.15", Cuda = "12.4", Nccl = "2.18.5", Kernel = "5.15.0-105-generic", Os = "Ubuntu 22.04.4 LTS" },
    };

    /// <summary>seeds/topo-8xH100-nv4-whitespace-collapsed.txt: NV4 everywhere, 2 NICs on host bridges, 4 NUMA nodes.</summary>
    public static readonly NodeTemplate H100 = new()
    {
        Name = "h100-nv4",
        Pool = "h100",
        GpuModel = "NVIDIA H100 80GB HBM3",
        ComputeCapability = "9.0",
        MemoryMiB = 81559,
        PowerLimitW = 700,
        NvLinksPerGpu = 4,
        TopologyRows =
        [
            .. AllTo(8, "NV4", Repeat("PHB PHB", 8)),
            "PHB PHB PHB PHB PHB PHB PHB PHB X NODE",
            "PHB PHB PHB PHB PHB PHB PHB PHB NODE X",
        ],
        GpuNuma = [0, 0, 1, 1, 2, 2, 3, 3],
        GpuCpuAffinity = ["0-31", "0-31", "32-63", "32-63", "64-95", "64-95", "96-127", "96-127"],
        Nics = [Ib("mlx5_0", "ibp24s0", 400, "rdma/ib", 0), Ib("mlx5_1", "ibp25s0", 400, "rdma/ib", 0)],
        Versions = new SoftwareVersions { Driver = "550.90.07", Cuda = "12.4", Nccl = "2.21.5", Kernel = "5.15.0-113-generic", Os = "Ubuntu 22.04.4 LTS" },
    };

    /// <summary>seeds/topo-2x5090-phb.txt: two RTX 5090 D (sm_120) behind the host bridge, no NVLink, no RDMA NIC.</summary>
    public static readonly NodeTemplate Rtx5090 = new()
    {
        Name = "rtx5090-pcie",
        Pool = "rtx5090",
        GpuModel = "NVIDIA GeForce RTX 5090 D",
        ComputeCapability = "12.0",
        MemoryMiB = 32607,
        PowerLimitW = 575,
        NvLinksPerGpu = 0,
        TopologyRows = ["X PHB", "PHB X"],
        GpuNuma = [0, 0],
        GpuCpuAffinity = ["0-31", "0-31"],
        Versions = new SoftwareVersions { Driver = "570.124.04", Cuda = "12.8", Nccl = "2.26.2", Kernel = "6.8.0-52-generic", Os = "Ubuntu 24.04.1 LTS" },
    };

    /// <summary>seeds/ibdev2netdev-v100-2x100g.txt: 8×V100 SXM2 (hybrid cube-mesh NVLink), 2×100 Gb/s IB, both Up.</summary>
    public static readonly NodeTemplate V100 = new()
    {
        Name = "v100-ib",
        Pool = "v100",
        GpuModel = "Tesla V100-SXM2-32GB",
        ComputeCapability = "7.0",
        MemoryMiB = 32768,
        PowerLimitW = 300,
        NvLinksPerGpu = 6,
        TopologyRows =
        [
            "X NV1 NV1 NV2 NV2 SYS SYS SYS PIX SYS",
            "NV1 X NV2 NV1 SYS NV2 SYS SYS PIX SYS",
            "NV1 NV2 X NV2 SYS SYS NV1 SYS PXB SYS",
            "NV2 NV1 NV2 X SYS SYS SYS NV1 PXB SYS",
            "NV2 SYS SYS SYS X NV1 NV1 NV2 SYS PIX",
            "SYS NV2 SYS SYS NV1 X NV2 NV1 SYS PIX",
            "SYS SYS NV1 SYS NV1 NV2 X NV2 SYS PXB",
            "SYS SYS SYS NV1 NV2 NV1 NV2 X SYS PXB",
            "PIX PIX PXB PXB SYS SYS SYS SYS X SYS",
            "SYS SYS SYS SYS PIX PIX PXB PXB SYS X",
        ],
        GpuNuma = [0, 0, 0, 0, 1, 1, 1, 1],
        GpuCpuAffinity = [.. Repeat("0-19,40-59", 4), .. Repeat("20-39,60-79", 4)],
        Nics = [Ib("mlx5_0", "ibxxxxxx0", 100, "rdma/rdma_v100", 0), Ib("mlx5_1", "ibxxxxxx1", 100, "rdma/rdma_v100", 1)],
        Versions = new SoftwareVersions { Driver = "535.183.01", Cuda = "12.2", Nccl = "2.18.5", Kernel = "5.4.0-182-generic", Os = "Ubuntu 20.04.6 LTS" },
    };

    /// <summary>seeds/ibdev2netdev-a100-one-port-down.txt: 8×A100 NV12, 2×200 Gb/s IB of which mlx5_0 is Down, plus a RoCE bond.</summary>
    public static readonly NodeTemplate A100 = new()
    {
        Name = "a100-ib",
        Pool = "a100",
        GpuModel = "NVIDIA A100-SXM4-80GB",
        ComputeCapability = "8.0",
        MemoryMiB = 81920,
        PowerLimitW = 400,
        NvLinksPerGpu = 12,
        TopologyRows =
        [
            .. AllTo(8, "NV12",
            [
                "PXB SYS SYS", "PXB SYS SYS", "SYS PXB SYS", "SYS PXB SYS",
                "SYS SYS NODE", "SYS SYS NODE", "SYS SYS NODE", "SYS SYS NODE",
            ]),
            "PXB PXB SYS SYS SYS SYS SYS SYS X SYS SYS",
            "SYS SYS PXB PXB SYS SYS SYS SYS SYS X SYS",
            "SYS SYS SYS SYS NODE NODE NODE NODE SYS SYS X",
        ],
        GpuNuma = [0, 0, 0, 0, 1, 1, 1, 1],
        GpuCpuAffinity = [.. Repeat("0-31,64-95", 4), .. Repeat("32-63,96-127", 4)],
        Nics =
        [
            Ib("mlx5_0", "ibxxxx0", 200, "rdma/rdma_a100", 0) with { State = PortState.Down, PhysicalState = "Disabled" },
            Ib("mlx5_1", "ibxxxxx0", 200, "rdma/rdma_a100", 0),
            Ib("mlx5_bond_0", "bond0", 100, "rdma/roce", 1) with { LinkLayer = LinkLayer.Ethernet },
        ],
        Versions = new SoftwareVersions { Driver = "535.183.01", Cuda = "12.2", Nccl = "2.18.5", Kernel = "5.15.0-105-generic", Os = "Ubuntu 22.04.4 LTS" },
    };

    /// <summary>gpu-hosts/h200x2-a: the captured 2×H200 host, NV18, driver 580.159.04, CUDA 13.0, NCCL 2.28.9.</summary>
    public static readonly NodeTemplate H200 = new()
    {
        Name = "h200x2",
        Pool = "h200",
        GpuModel = "NVIDIA H200",
        ComputeCapability = "9.0",
        MemoryMiB = 143771,
        PowerLimitW = 700,
        NvLinksPerGpu = 18,
        TopologyRows = ["X NV18", "NV18 X"],
        GpuNuma = [0, 0],
        GpuCpuAffinity = ["0-31", "0-31"],
        Versions = new SoftwareVersions { Driver = "580.159.04", Cuda = "13.0", Nccl = "2.28.9", Kernel = "6.8.0-60-generic", Os = "Ubuntu 24.04.2 LTS" },
    };

    /// <summary>
    /// One compute tray of a GB200 NVL72 rack, from NVIDIA's published GB200 NVL72 specification: 18 compute trays of
    /// 2 Grace CPUs and 4 Blackwell GPUs per rack, one NVLink domain of 72 GPUs over fifth-generation NVLink (18 links,
    /// 1.8 TB/s per GPU), 13.4 TB of HBM3e (about 186 GB per GPU), one 400 Gb/s ConnectX-7 per GPU for the scale-out
    /// network. Not in <see cref="All"/>: whole racks are added by <see cref="SimulatedFleet"/> (simulator option
    /// <c>Gb200Racks</c>), never single trays.
    /// </summary>
    public static readonly NodeTemplate Gb200 = new()
    {
        Name = "gb200-nvl72-tray",
        Pool = "gb200",
        GpuModel = "NVIDIA GB200",
        ComputeCapability = "10.0",
        MemoryMiB = 189_471,
        PowerLimitW = 1200,
        NvLinksPerGpu = 18,
        TopologyRows =
        [
            .. AllTo(4, "NV18", ["NODE NODE SYS SYS", "NODE NODE SYS SYS", "SYS SYS NODE NODE", "SYS SYS NODE NODE"]),
            "NODE NODE SYS SYS X NODE SYS SYS",
            "NODE NODE SYS SYS NODE X SYS SYS",
            "SYS SYS NODE NODE SYS SYS X NODE",
            "SYS SYS NODE NODE SYS SYS NODE X",
        ],
        GpuNuma = [0, 0, 1, 1],
        GpuCpuAffinity = ["0-71", "0-71", "72-143", "72-143"],
        Nics =
        [
            Ib("mlx5_0", "ibp3s0", 400, "rdma/ib", 0), Ib("mlx5_1", "ibp4s0", 400, "rdma/ib", 0),
            Ib("mlx5_2", "ibp5s0", 400, "rdma/ib", 1), Ib("mlx5_3", "ibp6s0", 400, "rdma/ib", 1),
        ],
        Versions = new SoftwareVersions { Driver = "570.133.20", Cuda = "12.8", Nccl = "2.26.2", Kernel = "6.8.0-1021-nvidia-64k", Os = "Ubuntu 24.04.2 LTS" },
        NvlinkDomainPerRack = true,
    };

    public static readonly IReadOnlyList<NodeTemplate> All = [H20, H100, Rtx5090, V100, A100, H200];

    private static NicReport Ib(string device, string netdev, double rate, string resource, int numa) => new()
    {
        Device = device,
        Port = 1,
        Netdev = netdev,
        LinkLayer = LinkLayer.InfiniBand,
        State = PortState.Active,
        PhysicalState = "LinkUp",
        RateGbps = rate,
        RdmaResource = resource,
        NumaNode = numa,
    };
}
