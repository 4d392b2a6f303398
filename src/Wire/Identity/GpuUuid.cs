using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ControlPlane.Wire.Identity;

/// <summary>A GPU UUID as NVML and nvidia-smi print it: <c>GPU-6785f8f4-d9b7-d5b0-471f-cae83922e47e</c>.</summary>
public static partial class GpuUuid
{
    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^GPU-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
