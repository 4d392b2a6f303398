using System.Globalization;

namespace ControlPlane.Web.Portal.Topology;

/// <summary>
/// White or black text, whichever contrasts more with a background given as <c>#rrggbb</c> or
/// <c>hsl(h, s%, l%)</c>, by WCAG 2's relative luminance: one of the two always reaches 4.5:1.
/// </summary>
public static class ReadableText
{
    public const string White = "#ffffff";
    public const string Black = "#000000";

    public static string On(string background)
    {
        var luminance = Luminance(Rgb(background));
        var onWhite = 1.05 / (luminance + 0.05);
        var onBlack = (luminance + 0.05) / 0.05;
        return onWhite >= onBlack ? White : Black;
    }

    private static double Luminance((double R, double G, double B) c) =>
        (0.2126 * Linear(c.R)) + (0.7152 * Linear(c.G)) + (0.0722 * Linear(c.B));

    private static double Linear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);

    private static (double R, double G, double B) Rgb(string colour)
    {
        if (colour.StartsWith('#') && colour.Length == 7)
        {
            var value = int.Parse(colour.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (((value >> 16) & 0xff) / 255.0, ((value >> 8) & 0xff) / 255.0, (value & 0xff) / 255.0);
        }

        var parts = colour["hsl(".Length..^1].Split(',', StringSplitOptions.TrimEntries);
        var h = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var s = double.Parse(parts[1].TrimEnd('%'), CultureInfo.InvariantCulture) / 100;
        var l = double.Parse(parts[2].TrimEnd('%'), CultureInfo.InvariantCulture) / 100;
        var chroma = (1 - Math.Abs((2 * l) - 1)) * s;
        double Channel(double n)
        {
            var k = (n + (h / 30)) % 12;
            return l - (chroma / 2 * Math.Max(-1, Math.Min(Math.Min(k - 3, 9 - k), 1)));
        }

        return (Channel(0), Channel(8), Channel(4));
    }
}
