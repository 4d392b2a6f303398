namespace ControlPlane.Probes;

/// <summary>
/// The one exception every probe parser throws for input it cannot read completely:
/// where (<see cref="FileName"/>:<see cref="Line"/>, 1-based) and what it expected there.
/// </summary>
public sealed class ProbeParseException : FormatException
{
    public ProbeParseException(string fileName, int line, string expected, string? found)
        : base($"{fileName}:{line}: expected {expected}, found {Describe(found)}")
    {
        FileName = fileName;
        Line = line;
        Expected = expected;
        Found = found;
    }

    public string FileName { get; }

    public int Line { get; }

    public string Expected { get; }

    /// <summary>The offending text; null when the input ended first, empty when the line did.</summary>
    public string? Found { get; }

    private static string Describe(string? found) => found switch
    {
        null => "end of input",
        "" => "end of line",
        _ => $"'{found}'",
    };
}
