namespace ControlPlane.Agent.Hosting;

/// <summary>
/// Where the host's <c>/proc</c>, <c>/sys</c> and <c>/etc</c> are visible: <c>/</c> on the node itself,
/// the hostPath mount point inside the DaemonSet's container, or a fake tree in tests.
/// </summary>
internal sealed class HostPaths(string root)
{
    public static HostPaths Real { get; } = new("/");

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The host's absolute path <paramref name="hostPath"/> seen through <see cref="Root"/>.</summary>
    public string Resolve(string hostPath) => Path.Combine(Root, hostPath.TrimStart('/'));

    /// <summary>The file's text, or null when it does not exist or cannot be read (a missing source is absent data).</summary>
    public string? ReadText(string hostPath)
    {
        try
        {
            return File.ReadAllText(Resolve(hostPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>First line of a sysfs attribute, trimmed; null when absent.</summary>
    public string? ReadAttribute(string hostPath) => ReadText(hostPath)?.Split('\n', 2)[0].Trim();

    /// <summary>Names of the entries of a host directory, sorted ordinally; empty when it does not exist.</summary>
    public IReadOnlyList<string> List(string hostPath)
    {
        var dir = Resolve(hostPath);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var names = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// The host path a sysfs symlink finally points to (e.g. <c>/sys/devices/pci0000:00/0000:00:06.0</c>),
    /// expressed as a host path again; null when absent.
    /// </summary>
    public string? ResolveLink(string hostPath)
    {
        var full = Resolve(hostPath);
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        if (!info.Exists)
        {
            return null;
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        var relative = Path.GetRelativePath(Root, target);
        return relative.StartsWith("..", StringComparison.Ordinal) ? null : "/" + relative.Replace('\\', '/');
    }
}
