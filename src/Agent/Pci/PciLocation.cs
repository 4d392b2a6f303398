namespace ControlPlane.Agent.Pci;

/// <summary>
/// Where a PCI function sits: its chain of upstream bridges from the root complex (<c>pci0000:00</c>)
/// down to itself, and the NUMA node and CPUs local to it.
/// </summary>
internal sealed record PciLocation(string BusId, IReadOnlyList<string> Chain, int? NumaNode, string? LocalCpus)
{
    public string RootComplex => Chain[0];
}
