namespace ControlPlane.Kubernetes.Tests.Conformance;

/// <summary>
/// One vendored flag list under <c>Conformance/EngineFlags/</c>: the flags an engine version declares, one a line, with
/// <c>#</c> lines saying the upstream file and commit they were read from.
/// </summary>
public sealed class DeclaredFlags
{
    private readonly HashSet<string> _flags;

    private DeclaredFlags(string file, HashSet<string> flags)
    {
        File = file;
        _flags = flags;
    }

    /// <summary>The data file's name, as the failure message names it.</summary>
    public string File { get; }

    public int Count => _flags.Count;

    public bool Declares(string flag) => _flags.Contains(flag);

    public static bool Exists(string file) => System.IO.File.Exists(PathOf(file));

    public static DeclaredFlags Load(string file)
    {
        var flags = System.IO.File.ReadAllLines(PathOf(file))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
        return new DeclaredFlags(file, flags);
    }

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Conformance", "EngineFlags", file);
}
