using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Simulation;

/// <summary>One simulated node: a template, a name, and the faults injected into it.</summary>
public sealed class SimulatedNode(string name, NodeTemplate template, SoftwareVersions versions, string? rack)
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedFault> _faults = [];
    private long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public string Name { get; } = name;

    public NodeTemplate Template { get; } = template;

    public bool IsSilent
    {
        get { lock (_gate) return _faults.Any(f => f.Kind == SimulatedFaultKind.AgentSilent); }
    }

    /// <summary>
    /// Continues above <paramref name="lastAccepted"/>, as <c>cp-agent</c> does when the server answers that it holds a
    /// newer sequence (after a silo crash: the node's sequence ceiling).
    /// </summary>
    public void JumpPast(long lastAccepted)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _sequence);
            if (current >= lastAccepted)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _sequence, lastAccepted, current) != current);
    }

    public void Inject(SimulatedFault fault)
    {
        lock (_gate) _faults.Add(fault);
    }

    public void ClearFaults()
    {
        lock (_gate) _faults.Clear();
    }

    /// <summary>The next report, with telemetry jittered by <paramref name="random"/>. One-shot faults (XIDs) are consumed.</summary>
    public ProbeReport NextReport(DateTimeOffset now, Random random)
    {
        SimulatedFault[] faults;
        lock (_gate)
        {
            faults = [.. _faults];
            _faults.RemoveAll(f => f.Kind == SimulatedFaultKind.Xid);
        }

        var gpus = Enumerable.Range(0, Template.GpuCount).Select(i => Gpu(i, now, random, faults)).ToArray();
        var nics = Template.Nics.Select(n => faults.Any(f => f.Kind == SimulatedFaultKind.NicDown && (f.Nic is null || f.Nic == n.Device))
            ? n with { State = PortState.Down, PhysicalState = "Polling" }
            : n).ToArray();
        return new ProbeReport
        {
            Node = Name,
            Sequence = Interlocked.Increment(ref _sequence),
            Timestamp = now,
            AgentVersion = "simulator",
            Source = "simulator",
            Pool = Template.Pool,
            Rack = rack,
            Gpus = gpus,
            Nics = nics,
            Topology = Topology(),
            Versions = versions,
        };
    }

    private GpuReport Gpu(int i, DateTimeOffset now, Random random, SimulatedFault[] faults)
    {
        var busy = random.Next(0, 100);
        if (faults.Any(f => f.Kind == SimulatedFaultKind.Hotspot && f.Gpu == i))
        {
            busy = 95 + (busy % 4);
        }

        var hot = faults.Any(f => f.Kind == SimulatedFaultKind.Overheat && f.Gpu == i);
        return new GpuReport
        {
            Uuid = UuidOf(Name, i),
            Index = i,
            Minor = i,
            PciBusId = string.Create(CultureInfo.InvariantCulture, $"00000000:{0x18 + (i * 0x10):X2}:00.0"),
            Model = Template.GpuModel,
            ComputeCapability = Template.ComputeCapability,
            MemoryTotalMiB = Template.MemoryMiB,
            MemoryUsedMiB = Template.MemoryMiB * busy / 100,
            UtilizationPercent = busy,
            TemperatureC = hot ? 97 : 35 + (busy / 3) + random.Next(0, 4),
            PowerW = Math.Round(Template.PowerLimitW * (0.15 + (busy / 125.0)), 1),
            NumaNode = Template.GpuNuma[i],
            CpuAffinity = Template.GpuCpuAffinity[i],
            NvLinkCount = Template.NvLinksPerGpu,
            Fabric = Template.NvlinkDomainPerRack ? RackFabric(faults.Any(f => f.Kind == SimulatedFaultKind.LeaveNvlinkDomain)) : null,
            RecentXids = [.. faults.Where(f => f.Kind == SimulatedFaultKind.Xid && f.Gpu == i).Select(f => new XidEvent { Code = f.Xid, At = now, Message = "injected by the simulator" })],
        };
    }

    private LinkMatrix Topology()
    {
        var devices = Enumerable.Range(0, Template.GpuCount).Select(LinkMatrix.GpuName).Concat(Template.Nics.Select(n => n.Device)).ToArray();
        return new LinkMatrix
        {
            Devices = devices,
            Links = [.. Template.TopologyRows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries))],
        };
    }

    /// <summary>
    /// The rack's NVLink domain: a cluster UUID derived from the rack's name, NVIDIA's default clique 32766; a tray that
    /// <paramref name="left"/> it is still re-registering (state <c>In Progress</c>, no status yet).
    /// </summary>
    private GpuFabric RackFabric(bool left)
    {
        var h = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("nvlink-domain/" + (rack ?? Name))));
        return new GpuFabric
        {
            State = left ? "In Progress" : GpuFabric.Completed,
            Status = left ? null : "Success",
            CliqueId = 32766,
            ClusterUuid = $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..32]}",
            HealthSummary = "Healthy",

            // nvml.h's health mask with every field FALSE (2 at shifts 0, 2, 4, 6): what a healthy GB200 GPU reports.
            HealthMask = 0xAA,
        };
    }

    /// <summary>Stable per node and index, shaped like NVML's, so restarts keep GPU identities.</summary>
    public static string UuidOf(string node, int index)
    {
        var h = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node + "/" + index.ToString(CultureInfo.InvariantCulture))));
        return $"GPU-{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..32]}";
    }
}
