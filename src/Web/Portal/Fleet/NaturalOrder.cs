namespace ControlPlane.Web.Portal.Fleet;

/// <summary>
/// Orders names as people number nodes: runs of digits compare by value, so <c>a100-11</c> comes before
/// <c>a100-100</c> (ordinal text puts it after); everything else compares ordinally.
/// </summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (a, nextI) = Digits(x, i);
                var (b, nextJ) = Digits(y, j);
                var byValue = CompareDigits(a, b);
                if (byValue != 0)
                {
                    return byValue;
                }

                (i, j) = (nextI, nextJ);
                continue;
            }

            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        return (x.Length - i).CompareTo(y.Length - j) is var rest and not 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static (ReadOnlyMemory<char> Digits, int Next) Digits(string s, int start)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return (s.AsMemory(start, end - start), end);
    }

    // By value without parsing (a run may be longer than any integer): fewer significant digits is smaller.
    private static int CompareDigits(ReadOnlyMemory<char> a, ReadOnlyMemory<char> b)
    {
        var x = a.Span.TrimStart('0');
        var y = b.Span.TrimStart('0');
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
    }
}
