using System.Text.RegularExpressions;

namespace ControlPlane.Kubernetes.Tests.Conformance;

/// <summary>
/// Which vendored flag list a container's command is checked against: the program it runs (its first words) and the
/// engine version its image tag names. A command or version without a list is itself a finding, not a pass.
/// </summary>
public static partial class EngineFlagFiles
{
    public static string? For(IList<string> command, string image) =>
        Candidate(command, image) is { } file && DeclaredFlags.Exists(file) ? file : null;

    private static string? Candidate(IList<string> command, string image) => Program(command) switch
    {
        "sglang.launch_server" when SglangVersion(image) is { } v => $"sglang-{v}-server_args.txt",
        "sglang_router.launch_router" when SglangVersion(image) is { } v => $"sglang-{v}-router_args.txt",
        "vllm serve" when VllmVersion(image) is { } v => $"vllm-{v}-serve_args.txt",
        // The router image is a nightly build of the router's main branch.
        "vllm-router" when image.EndsWith(":nightly", StringComparison.Ordinal) => "vllm-router-main-cli_args.txt",
        _ => null,
    };

    public static string Program(IList<string> command) => command switch
    {
        ["python3" or "python", "-m", var module, ..] => module,
        ["vllm", "serve", ..] => "vllm serve",
        [var first, ..] => first,
        _ => "",
    };

    /// <summary>How many leading words name the program rather than pass it flags (<c>python3 -m module</c> is three).</summary>
    public static int ProgramWords(IList<string> command) => command switch
    {
        ["python3" or "python", "-m", _, ..] => 3,
        ["vllm", "serve", ..] => 2,
        [_, ..] => 1,
        _ => 0,
    };

    private static string? SglangVersion(string image) =>
        SglangTag().Match(image) is { Success: true } m ? m.Groups["v"].Value : null;

    private static string? VllmVersion(string image) =>
        VllmTag().Match(image) is { Success: true } m ? m.Groups["v"].Value : null;

    [GeneratedRegex(@"lmsysorg/sglang:v(?<v>\d+\.\d+\.\d+)(-|$)")]
    private static partial Regex SglangTag();

    [GeneratedRegex(@"vllm/vllm-openai:v(?<v>\d+\.\d+\.\d+)(-|$)")]
    private static partial Regex VllmTag();
}
