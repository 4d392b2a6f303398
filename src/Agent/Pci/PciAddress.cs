using System.Globalization;

namespace ControlPlane.Agent.Pci;

/// <summary>
/// PCI addresses in the two spellings the node uses: NVML and nvidia-smi print an 8-digit domain in
/// upper case (<c>00000000:00:06.0</c>); sysfs and /proc use 4 digits in lower case (<c>0000:00:06.0</c>).
/// </summary>
internal static class PciAddress
{
    /// <summary>The sysfs spelling, or null when <paramref name="busId"/> is not domain:bus:device.function.</summary>
    public static string? ToSysfs(string? busId)
    {
        if (busId is null)
        {
            return null;
        }

        var parts = busId.Trim().Split(':');
        if (parts.Length != 3 || !ulong.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var domain))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{domain:x4}:{parts[1].ToLowerInvariant()}:{parts[2].ToLowerInvariant()}");
    }

    /// <summary>The NVML spelling, or the input unchanged when it is not a PCI address.</summary>
    public static string ToNvml(string busId)
    {
        var parts = busId.Trim().Split(':');
        if (parts.Length != 3 || !ulong.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var domain))
        {
            return busId;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{domain:X8}:{parts[1].ToUpperInvariant()}:{parts[2].ToUpperInvariant()}");
    }

    public static bool SameDevice(string? a, string? b) =>
        ToSysfs(a) is { } x && string.Equals(x, ToSysfs(b), StringComparison.Ordinal);
}
