using System.Globalization;

namespace ControlPlane.Simulation;

/// <summary>
/// A fleet of simulated nodes cycling through the templates (h20-01, h100-01, rtx5090-01, …), and optionally GB200
/// NVL72 racks (pool <c>gb200</c>).
/// The first H20 node runs NCCL 2.18.3 while its pool runs 2.18.5: the field report's drift.
/// </summary>
public sealed class SimulatedFleet
{
    private readonly Dictionary<string, SimulatedNode> _nodes;

    /// <summary>
    /// GB200 NVL72 (NVIDIA's GB200 NVL72 specification): 18 compute trays of 4 Blackwell GPUs (2 GB200 superchips) per rack,
    /// the rack's 72 GPUs one NVLink domain through its 9 NVLink switch trays; each tray has one 400 Gb/s ConnectX-7 RDMA
    /// NIC per GPU for the scale-out network (<see cref="NodeTemplates.Gb200"/>).
    /// </summary>
    public const int TraysPerNvl72Rack = 18;

    /// <param name="count">Nodes cycling through <see cref="NodeTemplates.All"/>.</param>
    /// <param name="gb200Racks">GB200 NVL72 racks added as pool <c>gb200</c>: trays <c>gb200-r{rack}-t{tray}</c> in rack
    /// <c>nvl72-{rack}</c>, one NVLink domain per rack.</param>
    public SimulatedFleet(int count, int gb200Racks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(gb200Racks);
        var perTemplate = new Dictionary<NodeTemplate, int>();
        var nodes = new List<SimulatedNode>(count);
        for (var i = 0; i < count; i++)
        {
            var template = NodeTemplates.All[i % NodeTemplates.All.Count];
            var ordinal = perTemplate[template] = perTemplate.GetValueOrDefault(template) + 1;
            var name = string.Create(CultureInfo.InvariantCulture, $"{template.Pool}-{ordinal:00}");
            var versions = template == NodeTemplates.H20 && ordinal == 1 ? template.Versions with { Nccl = "2.18.3" } : template.Versions;
            var rack = string.Create(CultureInfo.InvariantCulture, $"rack-{(i / 8) + 1}");
            nodes.Add(new SimulatedNode(name, template, versions, rack));
        }

        for (var rack = 1; rack <= gb200Racks; rack++)
        {
            for (var tray = 1; tray <= TraysPerNvl72Rack; tray++)
            {
                var template = NodeTemplates.Gb200;
                nodes.Add(new SimulatedNode(string.Create(CultureInfo.InvariantCulture, $"gb200-r{rack}-t{tray:00}"), template, template.Versions,
                    string.Create(CultureInfo.InvariantCulture, $"nvl72-{rack}")));
            }
        }

        Nodes = nodes;
        _nodes = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<SimulatedNode> Nodes { get; }

    public SimulatedNode? Find(string name) => _nodes.GetValueOrDefault(name);
}
