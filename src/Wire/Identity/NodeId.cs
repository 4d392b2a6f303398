using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ControlPlane.Wire.Identity;

/// <summary>A node name as Kubernetes spells it: a DNS-1123 subdomain, at most 253 characters.</summary>
public static partial class NodeId
{
    public const int MaxLength = 253;

    public static bool IsValid([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(value);

    public static string Describe(string? value) =>
        IsValid(value)
            ? "valid"
            : $"'{Truncate(value)}' is not a node name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most {MaxLength} characters";

    private static string Truncate(string? value) => value is null ? "" : value.Length > 64 ? value[..64] + "…" : value;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
