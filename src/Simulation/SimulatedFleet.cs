using System.Globalization;

namespace ControlPlane.Simulation;

/// <summary>
/// A fleet of simulated nodes cycling through the templates (h20-01, h100-01, rtx5090-01, …).
/// The first H20 node runs NCCL 2.18.3 while its pool runs 2.18.5: the field report's drift.
/// </summary>
public sealed class SimulatedFleet
{
    private readonly Dictionary<string, SimulatedNode> _nodes;

    public SimulatedFleet(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
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

        Nodes = nodes;
        _nodes = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<SimulatedNode> Nodes { get; }

    public SimulatedNode? Find(string name) => _nodes.GetValueOrDefault(name);
}
