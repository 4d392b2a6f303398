using System.Globalization;

namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>Allocation-free field extraction from a log line.</summary>
internal static class SpanText
{
    /// <summary>Parses the unsigned integer that starts <paramref name="s"/> (digits only).</summary>
    public static bool TryLeadingInt(ReadOnlySpan<char> s, out int value)
    {
        var n = LeadingDigits(s);
        value = 0;
        return n > 0 && n <= 9 && int.TryParse(s[..n], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryLeadingLong(ReadOnlySpan<char> s, out long value)
    {
        var n = LeadingDigits(s);
        value = 0;
        return n > 0 && n <= 18 && long.TryParse(s[..n], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The integer right after the first occurrence of <paramref name="key"/>.</summary>
    public static bool TryIntAfter(ReadOnlySpan<char> s, ReadOnlySpan<char> key, out int value)
    {
        var i = s.IndexOf(key, StringComparison.Ordinal);
        value = 0;
        return i >= 0 && TryLeadingInt(s[(i + key.Length)..], out value);
    }

    public static bool TryLongAfter(ReadOnlySpan<char> s, ReadOnlySpan<char> key, StringComparison comparison, out long value)
    {
        var i = s.IndexOf(key, comparison);
        value = 0;
        return i >= 0 && TryLeadingLong(s[(i + key.Length)..], out value);
    }

    /// <summary>The space-delimited token right after the first occurrence of <paramref name="key"/>.</summary>
    public static ReadOnlySpan<char> TokenAfter(ReadOnlySpan<char> s, ReadOnlySpan<char> key)
    {
        var i = s.IndexOf(key, StringComparison.Ordinal);
        if (i < 0)
        {
            return default;
        }

        var rest = s[(i + key.Length)..];
        var end = rest.IndexOf(' ');
        return end < 0 ? rest : rest[..end];
    }

    public static int LeadingDigits(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]))
        {
            n++;
        }

        return n;
    }

    /// <summary>The token as a string (cut to <see cref="ScanBudget.MaxTokenChars"/>), or null when empty.</summary>
    public static string? ToStringOrNull(ReadOnlySpan<char> s) => s.IsEmpty ? null : ScanBudget.Clip(s).ToString();
}
