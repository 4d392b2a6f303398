using ControlPlane.Agent.Hosting;

namespace ControlPlane.Agent.Versions;

/// <summary>Kernel release (<c>/proc/sys/kernel/osrelease</c>, what <c>uname -r</c> prints) and OS (<c>/etc/os-release</c> PRETTY_NAME).</summary>
internal sealed class HostVersions(HostPaths paths)
{
    public string? Kernel => paths.ReadAttribute("/proc/sys/kernel/osrelease");

    public string? Os => PrettyName(paths.ReadText("/etc/os-release"));

    public static string? PrettyName(string? osRelease)
    {
        var line = osRelease?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return line?["PRETTY_NAME=".Length..].Trim().Trim('"');
    }
}
