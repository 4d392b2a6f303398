using System.Globalization;

namespace ControlPlane.Placement;

/// <summary>
/// Minimum Linux driver for each CUDA toolkit (NVIDIA CUDA release notes, "CUDA Toolkit and
/// Corresponding Driver Versions", GA column). A node whose driver supports an older CUDA than the
/// image was built with cannot run it (forward compatibility packages aside).
/// </summary>
internal static class CudaCompatibility
{
    public static readonly IReadOnlyDictionary<string, string> MinimumDriver = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["11.8"] = "520.61.05",
        ["12.0"] = "525.60.13",
        ["12.1"] = "530.30.02",
        ["12.2"] = "535.54.03",
        ["12.3"] = "545.23.06",
        ["12.4"] = "550.54.14",
        ["12.5"] = "555.42.02",
        ["12.6"] = "560.28.03",
        ["12.8"] = "570.26",
        ["12.9"] = "575.51.03",
        ["13.0"] = "580.65.06",
    };

    public static bool IsKnown(string? cuda) => cuda is not null && MinimumDriver.ContainsKey(cuda);

    /// <summary>Dotted numeric version (<c>12.4</c>, <c>550.54.15</c>); null when not one.</summary>
    public static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return null;
        }

        var numbers = new int[Math.Max(2, parts.Length)];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers.Length switch
        {
            2 => new Version(numbers[0], numbers[1]),
            3 => new Version(numbers[0], numbers[1], numbers[2]),
            _ => new Version(numbers[0], numbers[1], numbers[2], numbers[3]),
        };
    }

    /// <summary>
    /// Null when a node with this driver (and the CUDA version the driver reports) runs an image built
    /// with <paramref name="imageCuda"/>; otherwise why not. The driver's reported CUDA is trusted
    /// first; the driver table is the fallback when the node did not report one.
    /// </summary>
    public static string? Incompatibility(string? nodeDriver, string? nodeCuda, string imageCuda)
    {
        var needed = ParseVersion(imageCuda);
        if (needed is null)
        {
            return null;
        }

        var minimum = MinimumDriver.GetValueOrDefault(imageCuda);
        var supported = ParseVersion(nodeCuda);
        if (supported is not null)
        {
            return supported >= needed
                ? null
                : $"driver {nodeDriver} supports CUDA {nodeCuda}, image needs CUDA {imageCuda}" + (minimum is null ? "" : $" (driver ≥ {minimum})");
        }

        var driver = ParseVersion(nodeDriver);
        var min = ParseVersion(minimum);
        if (driver is null || min is null)
        {
            return $"driver version unknown, image needs CUDA {imageCuda}";
        }

        return driver >= min ? null : $"driver {nodeDriver} is older than {minimum}, the minimum for CUDA {imageCuda}";
    }
}
