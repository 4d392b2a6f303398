using System.Globalization;

namespace ControlPlane.Probes;

/// <summary>Line splitting, tokenizing and invariant number parsing shared by the parsers.</summary>
internal static class ProbeText
{
    public static string[] SplitLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }

        // A final newline does not start another line.
        return lines.Length > 1 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    public static string[] Tokens(string line) =>
        line.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The 1-based line number just past the input, where "end of input" is reported.</summary>
    public static int EndLine(string[] lines) => lines.Length + 1;

    public static int SkipBlank(string[] lines, int index)
    {
        while (index < lines.Length && IsBlank(lines[index]))
        {
            index++;
        }

        return index;
    }

    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>Removes ANSI CSI escape sequences such as the underline nvidia-smi prints in headers.</summary>
    public static string StripAnsi(string line)
    {
        if (!line.Contains('\u001b', StringComparison.Ordinal))
        {
            return line;
        }

        var builder = new System.Text.StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\u001b' && i + 1 < line.Length && line[i + 1] == '[')
            {
                i += 2;
                while (i < line.Length && (line[i] < '@' || line[i] > '~'))
                {
                    i++;
                }

                continue;
            }

            builder.Append(line[i]);
        }

        return builder.ToString();
    }

    /// <summary>nvidia-smi's spellings of "no value".</summary>
    public static bool IsNotAvailable(string value) =>
        value is "N/A" or "[N/A]" or "[Not Supported]" or "Not Supported" or "[Unknown Error]" or "Unknown Error";

    public static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);
}
