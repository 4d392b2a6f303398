namespace ControlPlane.Diagnostics;

/// <summary>One log as the caller got it: <see cref="Name"/> is echoed in every evidence item.</summary>
public sealed record LogSource(string Name, string Text)
{
    /// <summary>Reads the whole file into memory: for logs of any size, stream them through the TextReader overload of Diagnose.</summary>
    public static LogSource FromFile(string path) => new(Path.GetFileName(path), File.ReadAllText(path));
}
