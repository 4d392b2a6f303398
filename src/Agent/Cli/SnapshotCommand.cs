using System.CommandLine;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Hosting;

namespace ControlPlane.Agent.Cli;

/// <summary><c>cp-agent snapshot [--node NAME]</c>: collect the live node once and print the probe report.</summary>
internal static class SnapshotCommand
{
    public static Command Create(AgentConsole console)
    {
        var node = CommonOptions.Node(required: false);
        var pool = CommonOptions.Pool();
        var rack = CommonOptions.Rack();
        var hostRoot = CommonOptions.HostRoot();
        var command = new Command("snapshot", "Collect once and print the probe report JSON") { node, pool, rack, hostRoot };
        command.SetAction(async (parse, _) =>
        {
            using var collector = NodeCollector.Open(new HostPaths(parse.GetValue(hostRoot)!), watchXids: false);
            var now = TimeProvider.System.GetUtcNow();
            var report = ReportFactory.Create(collector.Collect(), parse.GetValue(node)!, now.ToUnixTimeMilliseconds(), now, parse.GetValue(pool)!, parse.GetValue(rack));
            return await ReportOutput.PrintAsync(report, console, TimeProvider.System);
        });
        return command;
    }
}
