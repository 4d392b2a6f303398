using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlPlane.Placement;

/// <summary>
/// What an engine image's tag says about the engine inside it (<c>vllm/vllm-openai:v0.13.0</c> is vLLM 0.13.0), and the
/// engine features that need a minimum version. A tag without a version (<c>latest</c>, <c>nightly</c>, a digest) says
/// nothing, and nothing is refused for it.
/// </summary>
public static partial class EngineImageVersions
{
    /// <summary>
    /// vLLM's own MooncakeConnector: Mooncake's project says its out-of-tree connector covers vLLM 0.10.1–0.12.0 and that
    /// 0.13.0 and later use the in-tree one (kvcache-ai/Mooncake, mooncake-wheel/mooncake/README.md); before it vLLM
    /// answers "Unsupported connector type".
    /// </summary>
    public static readonly Version VllmMooncakeConnector = new(0, 13, 0);

    /// <summary>The engine version in the image's tag, or null when the tag carries none.</summary>
    public static Version? Of(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        if (colon < 0 || name.IndexOf('/', colon) >= 0)
        {
            return null;
        }

        var match = TagVersion().Match(name[(colon + 1)..]);
        return match.Success
            ? new Version(Number(match.Groups[1]), Number(match.Groups[2]), match.Groups[3].Success ? Number(match.Groups[3]) : 0)
            : null;
    }

    /// <summary>Why this engine cannot drive this transfer backend in this image, or null.</summary>
    public static string? Refusal(string engine, string transferBackend, string image) =>
        engine == "vllm" && transferBackend == "mooncake" && Of(image) is { } version && version < VllmMooncakeConnector
            ? $"vLLM {version.ToString(3)} has no MooncakeConnector (vLLM has it from {VllmMooncakeConnector.ToString(3)}; older vLLM answers \"Unsupported connector type\"): use an image of vLLM {VllmMooncakeConnector.ToString(3)} or later, or transferBackend nixl"
            : null;

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^v?(\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex TagVersion();
}
