namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>
/// NCCL's device and interface list syntax (<c>NCCL_IB_HCA</c>, <c>NCCL_SOCKET_IFNAME</c>): comma-separated
/// name prefixes, each optionally <c>:port</c>; a leading <c>^</c> excludes them, a leading <c>=</c> makes
/// them exact names.
/// </summary>
internal sealed class NameList
{
    private NameList(bool exclude, bool exact, IReadOnlyList<string> names)
    {
        Exclude = exclude;
        Exact = exact;
        Names = names;
    }

    public bool Exclude { get; }
    public bool Exact { get; }

    /// <summary>The names without their <c>:port</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    public static NameList Parse(string value)
    {
        var text = value.Trim();
        var exclude = text.StartsWith('^');
        text = exclude ? text[1..] : text;
        var exact = text.StartsWith('=');
        text = exact ? text[1..] : text;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.Split(':')[0])
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new NameList(exclude, exact, names);
    }

    /// <summary>Whether <paramref name="device"/> is one this list lets NCCL use.</summary>
    public bool Admits(string device)
    {
        var named = Names.Any(n => Matches(n, device));
        return Exclude ? !named : named;
    }

    /// <summary>The names (of an including list) that match none of <paramref name="devices"/>.</summary>
    public IReadOnlyList<string> Unmatched(IEnumerable<string> devices)
    {
        var known = devices.ToList();
        return Exclude ? [] : Names.Where(n => !known.Any(d => Matches(n, d))).ToList();
    }

    private bool Matches(string name, string device) =>
        Exact ? string.Equals(name, device, StringComparison.Ordinal) : device.StartsWith(name, StringComparison.Ordinal);
}
