namespace ControlPlane.Agent.Cli;

/// <summary>Where a command writes: the process's stdout/stderr, or writers a test captures.</summary>
internal sealed record AgentConsole(TextWriter Out, TextWriter Error);

/// <summary>Process exit codes of cp-agent.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;

    /// <summary>An input file is malformed; stderr names file:line and what was expected.</summary>
    public const int MalformedInput = 2;

    /// <summary>The command line is wrong (unknown option, malformed URL or duration, missing argument); stderr says which.</summary>
    public const int Usage = 2;
}
