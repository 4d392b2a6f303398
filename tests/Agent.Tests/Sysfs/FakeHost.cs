namespace ControlPlane.Agent.Tests.Sysfs;

/// <summary>
/// A fake host root (fake because tests cannot own a real /sys): files and the sysfs symlinks that make
/// /sys/bus/pci/devices/&lt;bdf&gt; point into /sys/devices/pci…, as the kernel lays them out.
/// </summary>
internal sealed class FakeHost : IDisposable
{
    private readonly TempDirectory _root = new();

    public string Root => _root.Path;

    public FakeHost File(string hostPath, string text)
    {
        var full = Path.Combine(Root, hostPath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return this;
    }

    /// <summary>A PCI function at <paramref name="devicePath"/> (e.g. <c>pci0000:00/0000:00:01.0/0000:01:00.0</c>) with its NUMA node.</summary>
    public FakeHost PciDevice(string devicePath, int numaNode, string cpus = "0-15")
    {
        var bdf = devicePath.Split('/')[^1];
        File($"/sys/devices/{devicePath}/numa_node", numaNode + "\n");
        File($"/sys/devices/{devicePath}/local_cpulist", cpus + "\n");
        Link($"/sys/bus/pci/devices/{bdf}", $"../../../devices/{devicePath}");
        return this;
    }

    public FakeHost Link(string hostPath, string relativeTarget)
    {
        var full = Path.Combine(Root, hostPath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Directory.CreateSymbolicLink(full, relativeTarget);
        return this;
    }

    public void Dispose() => _root.Dispose();
}
