using System.CommandLine;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Hosting;
using ControlPlane.Agent.Reporting;
using ControlPlane.Wire.Identity;

namespace ControlPlane.Agent.Cli;

/// <summary><c>cp-agent run --server URL --node NAME --token-file F [--interval 5s]</c>: collect and report until stopped.</summary>
internal static class RunCommand
{
    public static Command Create(AgentConsole console)
    {
        var server = CommonOptions.Server(required: true);
        var node = CommonOptions.Node(required: true);
        var tokenFile = CommonOptions.TokenFile(required: true);
        var interval = CommonOptions.Interval();
        var pool = CommonOptions.Pool();
        var rack = CommonOptions.Rack();
        var hostRoot = CommonOptions.HostRoot();
        var command = new Command("run", "Collect and report forever") { server, node, tokenFile, interval, pool, rack, hostRoot };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var nodeName = parse.GetValue(node)!;
            if (!NodeId.IsValid(nodeName))
            {
                await console.Error.WriteLineAsync($"--node: {NodeId.Describe(nodeName)}");
                return ExitCodes.Failed;
            }

            using var collector = NodeCollector.Open(new HostPaths(parse.GetValue(hostRoot)!), watchXids: true);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var sender = new ProbeSender(http, WithTrailingSlash(parse.GetValue(server)!), parse.GetValue(tokenFile)!.FullName);
            var loop = new ReportLoop(
                collector.Collect,
                sender.SendAsync,
                collector.Acknowledge,
                new ReportLoopOptions { Node = nodeName, Pool = parse.GetValue(pool)!, Rack = parse.GetValue(rack), Interval = parse.GetValue(interval) },
                console.Error);
            try
            {
                await loop.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped (SIGTERM from the kubelet): a normal end.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Uri WithTrailingSlash(Uri server) =>
        server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
}
