using System.Text.Json;
using ControlPlane.Agent.Json;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Cli;

/// <summary>Prints a report as JSON and says on stderr whether the server would accept it.</summary>
internal static class ReportOutput
{
    public static async Task<int> PrintAsync(ProbeReport report, AgentConsole console, TimeProvider time)
    {
        await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, AgentJsonContext.Readable.ProbeReport));
        var errors = ProbeReportValidator.Validate(report, report.Node, time.GetUtcNow());
        foreach (var (field, messages) in errors)
        {
            await console.Error.WriteLineAsync($"invalid report: {field}: {string.Join("; ", messages)}");
        }

        return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
