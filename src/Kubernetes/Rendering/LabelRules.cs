using System.Text.RegularExpressions;

namespace ControlPlane.Kubernetes;

/// <summary>
/// Kubernetes' label syntax, checked before anything is reserved: a label the API server would refuse with 422
/// must be a 400 naming it, not a deployment that holds GPUs and fails to apply.
/// </summary>
public static partial class LabelRules
{
    /// <summary>More than this many labels of a deployment's own is a mistake, not a need.</summary>
    public const int MaxLabels = 32;

    /// <summary>The problem of each label the API server would refuse or the control plane would overwrite, keyed by the label's key.</summary>
    public static Dictionary<string, string> Problems(IReadOnlyDictionary<string, string>? labels)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if ((KeyProblem(key) ?? ValueProblem(value)) is { } problem)
            {
                problems[key] = problem;
            }
        }

        return problems;
    }

    private static string? KeyProblem(string key)
    {
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        if (prefix is not null && (prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix)))
        {
            return $"the key's prefix '{prefix}' must be a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)";
        }

        if (name.Length is 0 or > 63 || !Name().IsMatch(name))
        {
            return $"the key's name '{name}' must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }

        return prefix is not null && (prefix == "controlplane.io" || prefix.EndsWith(".controlplane.io", StringComparison.Ordinal))
            || key == ControlPlaneLabels.ManagedBy
            ? $"'{key}' is set by the control plane itself; choose another key"
            : null;
    }

    private static string? ValueProblem(string value) =>
        value.Length == 0 || (value.Length <= 63 && Name().IsMatch(value))
            ? null
            : $"the value '{value}' must be empty or 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
